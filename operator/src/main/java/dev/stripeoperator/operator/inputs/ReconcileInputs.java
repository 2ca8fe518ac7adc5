package dev.stripeoperator.operator.inputs;

import java.time.Instant;
import java.util.Optional;

import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.StripeEndpointStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.operator.exposure.ExposureClaims;
import dev.stripeoperator.operator.secrets.ReferencedSecrets;
import dev.stripeoperator.operator.stripe.StripeRegistration;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * What one reconcile of an endpoint works from, fixed at its start so every dependent sees the same.
 *
 * @param now the instant of this reconcile (from the operator's clock)
 * @param config the operator's configuration
 * @param secrets the referenced user Secrets
 * @param gatewayApiInstalled whether the cluster serves HTTPRoutes
 * @param exposureConflict the other endpoint holding the host and path this one asks for; null when none
 * @param stripe what registering the Stripe endpoint found and did (managed), or what retiring the ones it no longer
 *     manages did while that fails; null otherwise
 */
public record ReconcileInputs(
        Instant now,
        OperatorConfig config,
        ReferencedSecrets secrets,
        boolean gatewayApiInstalled,
        ExposureClaims.Conflict exposureConflict,
        StripeRegistration stripe) {

    /** The inputs of an endpoint whose Stripe endpoint is not managed. */
    public ReconcileInputs(
            Instant now,
            OperatorConfig config,
            ReferencedSecrets secrets,
            boolean gatewayApiInstalled,
            ExposureClaims.Conflict exposureConflict) {
        this(now, config, secrets, gatewayApiInstalled, exposureConflict, null);
    }

    /** The Stripe registration, when managed. */
    public Optional<StripeRegistration> registration() {
        return Optional.ofNullable(stripe);
    }

    /**
     * The signing secret this reconcile brings: managed, only the one Stripe answered a registration made now with;
     * else the value of the user's Secret.
     */
    public Optional<String> incomingSigningSecret(StripeWebhookEndpoint endpoint) {
        if (endpoint.getSpec().isManaged()) {
            return registration().flatMap(StripeRegistration::newSecret);
        }
        return secrets.signingValue();
    }

    private static final String KEY = ReconcileInputs.class.getName();

    /** Stores the inputs in the reconcile's context. */
    public void attachTo(Context<StripeWebhookEndpoint> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, this);
    }

    /** The inputs of the reconcile running with this context. */
    public static ReconcileInputs of(Context<StripeWebhookEndpoint> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, ReconcileInputs.class);
    }

    /**
     * The Stripe endpoint the backfill reads its event types, API version and Connect flag from: the one the spec names,
     * else the one the operator manages (as registered now, or as last recorded while Stripe cannot be reached, so a
     * Stripe outage does not change the CronJob).
     */
    public Optional<String> backfillStripeEndpointId(StripeWebhookEndpoint endpoint) {
        Reconciliation reconciliation = endpoint.getSpec().reconciliation();
        if (reconciliation != null && reconciliation.stripeEndpointId() != null) {
            return Optional.of(reconciliation.stripeEndpointId());
        }
        if (!endpoint.getSpec().isManaged()) {
            return Optional.empty();
        }
        return registration()
                .map(StripeRegistration::endpointId)
                .or(() -> Optional.ofNullable(endpoint.getStatus())
                        .map(StripeWebhookEndpointStatus::stripe)
                        .map(StripeEndpointStatus::endpointId));
    }

    /** The exposure conflict, if any. */
    public Optional<ExposureClaims.Conflict> conflict() {
        return Optional.ofNullable(exposureConflict);
    }
}
