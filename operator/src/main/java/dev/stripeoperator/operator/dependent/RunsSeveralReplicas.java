package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** A disruption budget only makes sense with more than one receiver pod (fixed count or autoscaler minimum). */
public class RunsSeveralReplicas implements Condition<PodDisruptionBudget, StripeWebhookEndpoint> {

    @Override
    public boolean isMet(
            DependentResource<PodDisruptionBudget, StripeWebhookEndpoint> dependent,
            StripeWebhookEndpoint endpoint,
            Context<StripeWebhookEndpoint> context) {
        return endpoint.getSpec().receiverOrDefaults().minimumReplicas() > 1;
    }
}
