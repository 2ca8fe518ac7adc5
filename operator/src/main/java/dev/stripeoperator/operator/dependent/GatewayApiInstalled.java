package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.inputs.ReconcileInputs;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** HTTPRoutes are managed (and watched) only in clusters that serve the Gateway API. */
public class GatewayApiInstalled implements Condition<HTTPRoute, StripeWebhookEndpoint> {

    @Override
    public boolean isMet(
            DependentResource<HTTPRoute, StripeWebhookEndpoint> dependent,
            StripeWebhookEndpoint endpoint,
            Context<StripeWebhookEndpoint> context) {
        return ReconcileInputs.of(context).gatewayApiInstalled();
    }
}
