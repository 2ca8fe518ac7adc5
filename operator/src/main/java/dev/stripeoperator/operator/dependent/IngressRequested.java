package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.operator.inputs.ReconcileInputs;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The Ingress exists while {@code spec.exposure.ingress} is set, its path is one the CRD takes, and its host and path
 * are not held by another endpoint.
 */
public class IngressRequested implements Condition<Ingress, StripeWebhookEndpoint> {

    @Override
    public boolean isMet(
            DependentResource<Ingress, StripeWebhookEndpoint> dependent,
            StripeWebhookEndpoint endpoint,
            Context<StripeWebhookEndpoint> context) {
        var exposure = endpoint.getSpec().exposure();
        return exposure != null
                && exposure.ingress() != null
                && StripeWebhooks.pathRefusal(endpoint).isEmpty()
                && ReconcileInputs.of(context).conflict().isEmpty();
    }
}
