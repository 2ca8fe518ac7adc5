package dev.stripeoperator.operator.dependent;

import java.util.Optional;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.SigningKeys;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.operator.inputs.ReconcileInputs;
import dev.stripeoperator.operator.secrets.SigningSecretData;
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
        return desired(endpoint, ReconcileInputs.of(context), getSecondaryResource(endpoint, context));
    }

    /** The signing Secret of {@code endpoint}, rotated from the {@code existing} one to this reconcile's secret. */
    static Secret desired(StripeWebhookEndpoint endpoint, ReconcileInputs inputs, Optional<Secret> existing) {
        String latest = inputs.incomingSigningSecret(endpoint).orElse(null);
        SigningKeys keys = existing.map(SigningSecretData::keys)
                .orElse(SigningKeys.NONE)
                .rotatedTo(
                        latest, inputs.now(), endpoint.getSpec().signingSecret().gracePeriod())
                .expiredAt(inputs.now());
        ObjectMeta metadata =
                metadata(StripeWebhooks.signingSecretName(endpoint), endpoint, KubernetesApi.COMPONENT_SIGNING);
        // Managed, which Stripe endpoint each kept secret belongs to; not managed, the Stripe endpoints still to be
        // retired, whatever became of their secrets.
        boolean managed = endpoint.getSpec().isManaged();
        inputs.registration()
                .map(StripeRegistration::record)
                .map(record ->
                        record.annotations(!managed || keys.current() != null, !managed || keys.previous() != null))
                .filter(annotations -> !annotations.isEmpty())
                .ifPresent(metadata::setAnnotations);
        return new SecretBuilder()
                .withMetadata(metadata)
                .withType("Opaque")
                .withData(SigningSecretData.of(keys))
                .build();
    }
}
