package dev.stripeoperator.operator.dependent;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.SigningKeys;
import dev.stripeoperator.operator.endpoint.Sink;
import dev.stripeoperator.operator.endpoint.SinkSigning;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.operator.inputs.ReconcileInputs;
import dev.stripeoperator.operator.secrets.SigningSecretData;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * Secret {@code <name>-forwarding}: the Standard Webhooks keys the receiver signs forwarded events with, generated
 * here and mounted by the application to verify them. A new {@code spec.sink.signing.rotation} value brings a new
 * {@code current}; the old key stays as {@code previous}, signing beside it, until {@code previous-expires-at}.
 */
// Server-side apply, as for the signing Secret: the expired previous key must disappear with the field.
@KubernetesDependent(
        useSSA = BooleanWithUndefined.TRUE,
        informer = @Informer(labelSelector = KubernetesApi.FORWARDING_KEYS_SELECTOR))
public class ForwardingKeyDependent extends EndpointDependent<Secret> {

    /** Name of this dependent and its event source. */
    public static final String NAME = "forwarding-key";

    /** 256 bits, as much as the HMAC-SHA256 block can use. */
    private static final int KEY_BYTES = 32;

    private static final String PREFIX = "whsec_";

    private final SecureRandom random = new SecureRandom();

    /** Creates the dependent. */
    public ForwardingKeyDependent() {
        super(Secret.class, StripeWebhooks::forwardingSecretName);
    }

    @Override
    protected Secret desired(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return desired(endpoint, ReconcileInputs.of(context), getSecondaryResource(endpoint, context), this::newKey);
    }

    /**
     * The forwarding key Secret of {@code endpoint}: the {@code actual} one's keys, with one from {@code newKey} as
     * {@code current} when there is none or {@code spec.sink.signing.rotation} changed.
     */
    static Secret desired(
            StripeWebhookEndpoint endpoint, ReconcileInputs inputs, Optional<Secret> actual, Supplier<String> newKey) {
        SinkSigning signing = Optional.ofNullable(endpoint.getSpec().sink())
                .map(Sink::signingOrDefaults)
                .orElse(SinkSigning.DEFAULTS);
        SigningKeys keys = actual.map(SigningSecretData::keys).orElse(SigningKeys.NONE);
        String madeFor = actual.map(secret -> secret.getMetadata().getAnnotations())
                .map(annotations -> annotations.get(KubernetesApi.FORWARDING_KEY_ROTATION_ANNOTATION))
                .orElse(null);
        if (keys.current() == null || !Objects.equals(madeFor, signing.rotation())) {
            keys = keys.rotatedTo(newKey.get(), inputs.now(), signing.gracePeriod());
        }
        keys = keys.expiredAt(inputs.now());
        SecretBuilder secret = new SecretBuilder()
                .withMetadata(metadata(
                        StripeWebhooks.forwardingSecretName(endpoint),
                        endpoint,
                        KubernetesApi.COMPONENT_FORWARDING_KEY))
                .withType("Opaque")
                .withData(SigningSecretData.of(keys));
        if (signing.rotation() != null) {
            secret.editMetadata()
                    .addToAnnotations(KubernetesApi.FORWARDING_KEY_ROTATION_ANNOTATION, signing.rotation())
                    .endMetadata();
        }
        return secret.build();
    }

    private String newKey() {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }
}
