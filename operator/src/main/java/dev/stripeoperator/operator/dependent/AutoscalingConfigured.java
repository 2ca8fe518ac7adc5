package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The autoscaler exists only while {@code spec.receiver.autoscaling} is set. */
public class AutoscalingConfigured implements Condition<HorizontalPodAutoscaler, StripeWebhookEndpoint> {

    @Override
    public boolean isMet(
            DependentResource<HorizontalPodAutoscaler, StripeWebhookEndpoint> dependent,
            StripeWebhookEndpoint endpoint,
            Context<StripeWebhookEndpoint> context) {
        return endpoint.getSpec().receiverOrDefaults().autoscaling() != null;
    }
}
