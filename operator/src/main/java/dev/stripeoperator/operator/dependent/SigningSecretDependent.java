package dev.stripeoperator.operator.dependent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.ReconcileInputs;
import dev.stripeoperator.operator.StripeWebhooks;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.stripe.StripeRegistration;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * Secret {@code <name>-signing}: the signing secrets the receiver accepts, mounted into its pods.
 * A new value in the user's Secret (or, managed, the secret of a newly registered Stripe endpoint) becomes
 * {@code current}; the old one stays as {@code previous} until {@code previous-expires-at}. Managed, its annotations
 * record which Stripe endpoint each secret belongs to.
 */
// JOSDK updates Secrets the classic way unless told otherwise, and its classic matcher never notices a key that
// is no longer desired: the expired previous secret would stay. Server-side apply removes it like any other field.
@KubernetesDependent(
        useSSA = BooleanWithUndefined.TRUE,
        informer = @Informer(labelSelector = KubernetesApi.SIGNING_SECRETS_SELECTOR))
public class SigningSecretDependent extends EndpointDependent<Secret> {

    /** Name of this dependent and its event source. */
    public static final String NAME = "signing-secret";

    /** Creates the dependent. */
    public SigningSecretDependent() {
        super(Secret.class, StripeWebhooks::signingSecretName);
    }

    @Override
    protected Secret desired(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        ReconcileInputs inputs = ReconcileInputs.of(context);
        Optional<Secret> existing = getSecondaryResource(endpoint, context);
        String latest = inputs.incomingSigningSecret().orElse(null);
        SigningKeys keys = existing.map(SigningKeys::from)
                .orElse(SigningKeys.NONE)
                .rotatedTo(
                        latest, inputs.now(), endpoint.getSpec().signingSecret().gracePeriod())
                .expiredAt(inputs.now());
        ObjectMeta metadata = metadata(endpoint, KubernetesApi.COMPONENT_SIGNING);
        if (endpoint.getSpec().isManaged()) {
            metadata.setAnnotations(stripeEndpoints(
                    keys,
                    inputs.registration().filter(r -> r.endpointId() != null),
                    existing.map(s -> s.getMetadata().getAnnotations()).orElse(Map.of())));
        }
        return new SecretBuilder()
                .withMetadata(metadata)
                .withType("Opaque")
                .withData(keys.toData())
                .build();
    }

    /**
     * Which Stripe endpoint each kept secret belongs to: as the registration says, or as recorded before when Stripe
     * could not be asked this time.
     */
    private static Map<String, String> stripeEndpoints(
            SigningKeys keys, Optional<StripeRegistration> registration, Map<String, String> recorded) {
        Map<String, String> annotations = new LinkedHashMap<>();
        String current = registration
                .map(StripeRegistration::endpointId)
                .orElse(recorded.get(KubernetesApi.STRIPE_ENDPOINT_ANNOTATION));
        String previous = registration.isPresent()
                ? registration.get().previousEndpointId()
                : recorded.get(KubernetesApi.PREVIOUS_STRIPE_ENDPOINT_ANNOTATION);
        if (keys.current() != null && current != null) {
            annotations.put(KubernetesApi.STRIPE_ENDPOINT_ANNOTATION, current);
        }
        if (keys.previous() != null && previous != null) {
            annotations.put(KubernetesApi.PREVIOUS_STRIPE_ENDPOINT_ANNOTATION, previous);
        }
        return annotations;
    }
}
