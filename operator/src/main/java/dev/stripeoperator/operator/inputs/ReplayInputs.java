package dev.stripeoperator.operator.inputs;

import java.time.Instant;
import java.util.Optional;

import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.replay.StripeWebhookReplay;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * What one reconcile of a StripeWebhookReplay works from, fixed at its start so that its Job and its status see the same.
 *
 * @param now the instant of this reconcile (from the operator's clock)
 * @param config the operator's configuration
 * @param endpoint the StripeWebhookEndpoint the replay names, as the operator's cache has it; empty when there is none
 */
public record ReplayInputs(Instant now, OperatorConfig config, Optional<StripeWebhookEndpoint> endpoint) {

    private static final String KEY = ReplayInputs.class.getName();

    /** Stores the inputs in the reconcile's context. */
    public void attachTo(Context<StripeWebhookReplay> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, this);
    }

    /** The inputs of the reconcile running with this context. */
    public static ReplayInputs of(Context<StripeWebhookReplay> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, ReplayInputs.class);
    }
}
