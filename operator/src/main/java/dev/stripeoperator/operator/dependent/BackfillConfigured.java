package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The backfill CronJob exists only while {@code spec.reconciliation} is set; removing it deletes the CronJob. */
public class BackfillConfigured implements Condition<CronJob, StripeWebhookEndpoint> {

    @Override
    public boolean isMet(
            DependentResource<CronJob, StripeWebhookEndpoint> dependent,
            StripeWebhookEndpoint endpoint,
            Context<StripeWebhookEndpoint> context) {
        return endpoint.getSpec().reconciliation() != null;
    }
}
