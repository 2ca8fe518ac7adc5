package dev.stripeoperator.operator.dependent;

import java.util.function.Function;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.inputs.ReconcileInputs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;

/**
 * A child whose pods read {@code DATABASE_URL} from the user's Secret: it is neither created nor changed while that
 * key is missing or empty. New pods would never start (missing key) or refuse to (blank URL), so a rollout would
 * only stall; the pods already running keep serving, and SecretsReady names the Secret and key.
 */
abstract class DatabaseDependent<R extends HasMetadata> extends EndpointDependent<R> {

    DatabaseDependent(Class<R> resourceType, Function<StripeWebhookEndpoint, String> naming) {
        super(resourceType, naming);
    }

    @Override
    public ReconcileResult<R> reconcile(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        if (ReconcileInputs.of(context).secrets().database().present().isEmpty()) {
            return ReconcileResult.noOperation(
                    getSecondaryResource(endpoint, context).orElse(null));
        }
        return super.reconcile(endpoint, context);
    }
}
