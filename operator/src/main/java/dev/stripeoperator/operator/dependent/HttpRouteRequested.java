package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.operator.inputs.ReconcileInputs;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The HTTPRoute exists while {@code spec.exposure.httpRoute} is set, its path is one the CRD takes, and its hosts and
 * path are not held by another endpoint.
 */
public class HttpRouteRequested implements Condition<HTTPRoute, StripeWebhookEndpoint> {

    @Override
    public boolean isMet(
            DependentResource<HTTPRoute, StripeWebhookEndpoint> dependent,
            StripeWebhookEndpoint endpoint,
            Context<StripeWebhookEndpoint> context) {
        var exposure = endpoint.getSpec().exposure();
        return exposure != null
                && exposure.httpRoute() != null
                && StripeWebhooks.pathRefusal(endpoint).isEmpty()
                && ReconcileInputs.of(context).conflict().isEmpty();
    }
}
