package dev.stripeoperator.operator.dependent;

import java.util.List;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.contract.Settings;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.operator.inputs.ReconcileInputs;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import static dev.stripeoperator.contract.ReceiverSetting.DATABASE_POOL_SIZE;
import static dev.stripeoperator.contract.ReceiverSetting.RECONCILE_CONNECT;
import static dev.stripeoperator.contract.ReceiverSetting.RECONCILE_CONNECTED_ACCOUNTS;
import static dev.stripeoperator.contract.ReceiverSetting.RECONCILE_EVENT_PAYLOAD;
import static dev.stripeoperator.contract.ReceiverSetting.RECONCILE_LOOKBACK;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_API_KEY_FILE;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_ENDPOINT_ID;

/**
 * CronJob {@code <name>-stripe-reconcile}: the backfill, the receiver's {@code reconcile} command on the spec's
 * schedule, listing recent events from Stripe with the API key mounted as a file. Present only while {@code spec.reconciliation} is set; not
 * created or changed while the database URL is missing or empty.
 */
@KubernetesDependent(
        informer = @Informer(labelSelector = KubernetesApi.MANAGED_BY_SELECTOR, onUpdateFilter = ChildChanges.class))
public class BackfillCronJobDependent extends DatabaseDependent<CronJob> {

    /** Name of this dependent. */
    public static final String NAME = "backfill-cronjob";

    /**
     * A run is ended after this long, so that a hung one (an API or database that stopped answering) cannot block
     * later runs under {@code concurrencyPolicy: Forbid}. At 5 pages of 100 events per second, an hour lists
     * 1.8 million events.
     */
    private static final long RUN_DEADLINE_SECONDS = 3600;
    /** One run stores one page at a time; the receiver's default pool would hold 16 connections for nothing. */
    private static final int BACKFILL_POOL_SIZE = 2;

    /** Creates the dependent. */
    public BackfillCronJobDependent() {
        super(CronJob.class, StripeWebhooks::backfillCronJobName);
    }

    @Override
    protected CronJob desired(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return desired(endpoint, ReconcileInputs.of(context));
    }

    /** The backfill CronJob {@code spec.reconciliation} of {@code endpoint} asks for, with what this reconcile works from. */
    static CronJob desired(StripeWebhookEndpoint endpoint, ReconcileInputs inputs) {
        Reconciliation reconciliation = endpoint.getSpec().reconciliation();
        CronJob cronJob = new CronJobBuilder()
                .withMetadata(metadata(
                        StripeWebhooks.backfillCronJobName(endpoint), endpoint, KubernetesApi.COMPONENT_BACKFILL))
                .withNewSpec()
                .withSchedule(reconciliation.schedule())
                .withConcurrencyPolicy("Forbid")
                .withStartingDeadlineSeconds(600L)
                .withSuccessfulJobsHistoryLimit(3)
                .withFailedJobsHistoryLimit(3)
                .withNewJobTemplate()
                .withNewMetadata()
                .withLabels(StripeWebhooks.labels(endpoint, KubernetesApi.COMPONENT_BACKFILL))
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(2)
                .withActiveDeadlineSeconds(RUN_DEADLINE_SECONDS)
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(StripeWebhooks.labels(endpoint, KubernetesApi.COMPONENT_BACKFILL))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                // The run needs no Kubernetes API: its summary leaves as the termination message.
                .withAutomountServiceAccountToken(false)
                .withSecurityContext(PodSettings.podSecurityContext())
                .withContainers(backfillContainer(endpoint, inputs))
                .addToVolumes(PodSettings.apiKeyVolume(reconciliation.apiKeySecretRef()))
                .addToVolumes(PodSettings.tmpVolume())
                .endSpec()
                .endTemplate()
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build();
        PodSettings.place(
                cronJob.getSpec().getJobTemplate().getSpec().getTemplate(),
                PodSettings.pod(endpoint, inputs.config()),
                StripeWebhooks.selector(endpoint, KubernetesApi.COMPONENT_BACKFILL));
        return cronJob;
    }

    private static Container backfillContainer(StripeWebhookEndpoint endpoint, ReconcileInputs inputs) {
        return PodSettings.receiverImageContainer("reconcile", ReceiverCommand.RECONCILE, endpoint, inputs.config())
                .withEnv(env(endpoint, inputs))
                .addToVolumeMounts(PodSettings.apiKeyMount())
                .addToVolumeMounts(PodSettings.tmpMount())
                .build();
    }

    private static List<EnvVar> env(StripeWebhookEndpoint endpoint, ReconcileInputs inputs) {
        Reconciliation reconciliation = endpoint.getSpec().reconciliation();
        List<EnvVar> env = PodSettings.commonEnv(endpoint, inputs.config());
        env.add(PodSettings.env(RECONCILE_LOOKBACK, reconciliation.lookbackOrDefault()));
        env.add(PodSettings.env(DATABASE_POOL_SIZE, Integer.toString(BACKFILL_POOL_SIZE)));
        env.add(PodSettings.env(STRIPE_API_KEY_FILE, ReceiverImage.API_KEY_FILE));
        env.addAll(PodSettings.stripeApiEnv(inputs.config()));
        inputs.backfillStripeEndpointId(endpoint).ifPresent(id -> env.add(PodSettings.env(STRIPE_ENDPOINT_ID, id)));
        if (reconciliation.isConnect()) {
            env.add(PodSettings.env(RECONCILE_CONNECT, Boolean.toString(true)));
        }
        if (reconciliation.connectedAccounts() != null
                && !reconciliation.connectedAccounts().isEmpty()) {
            env.add(PodSettings.env(RECONCILE_CONNECTED_ACCOUNTS, Settings.joined(reconciliation.connectedAccounts())));
        }
        if (reconciliation.eventPayload() != null) {
            env.add(PodSettings.env(RECONCILE_EVENT_PAYLOAD, reconciliation.eventPayload()));
        }
        return env;
    }
}
