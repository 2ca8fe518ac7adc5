package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.inputs.ReconcileInputs;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The signing Secret (and the receiver, which mounts it) is created once the user's signing secret has a
 * value, or, managed, once Stripe answered a registration with its secret. Once it exists it is kept, with its last known keys, if the user's Secret later goes missing:
 * a deleted user Secret must not take a running receiver down.
 */
public class SigningSecretSourceAvailable implements Condition<Secret, StripeWebhookEndpoint> {

    @Override
    public boolean isMet(
            DependentResource<Secret, StripeWebhookEndpoint> dependent,
            StripeWebhookEndpoint endpoint,
            Context<StripeWebhookEndpoint> context) {
        return ReconcileInputs.of(context).incomingSigningSecret(endpoint).isPresent()
                || dependent.getSecondaryResource(endpoint, context).isPresent();
    }
}
