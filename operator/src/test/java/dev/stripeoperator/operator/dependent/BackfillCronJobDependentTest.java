package dev.stripeoperator.operator.dependent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.Specs;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The backfill's CronJob, as {@code spec.reconciliation} makes it. */
class BackfillCronJobDependentTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final SecretKeyRef API_KEY = new SecretKeyRef("stripe-readonly-key", "key");

    @Test
    void aScheduleAndAKeyAloneRunOneBoundedReconcileAtATimeWithTheDefaultLookback() {
        // given
        StripeWebhookEndpoint endpoint =
                reconciled(new Reconciliation("17 */6 * * *", null, API_KEY, null, null, null));

        // when
        CronJob cronJob = BackfillCronJobDependent.desired(endpoint, Fixtures.inputs("billing", NOW));

        // then
        BillingChildren.assertChild(cronJob, "billing-stripe-reconcile", "reconcile");
        assertThat(cronJob.getSpec().getSchedule()).isEqualTo("17 */6 * * *");
        assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(cronJob.getSpec().getStartingDeadlineSeconds()).isEqualTo(600L);
        assertThat(cronJob.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(3);
        assertThat(cronJob.getSpec().getFailedJobsHistoryLimit()).isEqualTo(3);
        JobSpec job = cronJob.getSpec().getJobTemplate().getSpec();
        assertThat(cronJob.getSpec().getJobTemplate().getMetadata().getLabels())
                .isEqualTo(BillingChildren.labels("reconcile"));
        assertThat(job.getBackoffLimit()).isEqualTo(2);
        assertThat(job.getActiveDeadlineSeconds()).isEqualTo(3600L);
        assertThat(job.getTemplate().getMetadata().getLabels()).isEqualTo(BillingChildren.labels("reconcile"));
        PodSpec pod = job.getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getVolumes()).anySatisfy(volume -> {
            assertThat(volume.getName()).isEqualTo("stripe-api-key");
            assertThat(volume.getSecret().getSecretName()).isEqualTo("stripe-readonly-key");
            assertThat(volume.getSecret().getItems().getFirst().getKey()).isEqualTo("key");
        });
        assertThat(pod.getContainers()).hasSize(1);
        Container container = container(cronJob);
        assertThat(container.getName()).isEqualTo("reconcile");
        assertThat(container.getArgs()).containsExactly("reconcile");
        assertThat(container.getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/etc/stripe/api"));
        Map<String, String> env = EnvValues.of(container.getEnv());
        assertThat(env)
                .containsEntry("ENDPOINT_NAME", "payments/billing")
                .containsEntry("RECONCILE_LOOKBACK", "26h")
                .containsEntry("DATABASE_POOL_SIZE", "2")
                .containsEntry("STRIPE_API_KEY_FILE", "/etc/stripe/api/key")
                .doesNotContainKeys(
                        "STRIPE_ENDPOINT_ID",
                        "RECONCILE_CONNECT",
                        "RECONCILE_CONNECTED_ACCOUNTS",
                        "RECONCILE_EVENT_PAYLOAD",
                        "STRIPE_API_BASE");
    }

    @Test
    void everyReconciliationFieldReachesTheReconcileCommand() {
        // given
        StripeWebhookEndpoint endpoint = reconciled(new Reconciliation(
                "@hourly", "72h", API_KEY, "we_123abc", true, List.of("acct_1A", "acct_2B"), "both"));

        // when
        CronJob cronJob = BackfillCronJobDependent.desired(endpoint, Fixtures.inputs("billing", NOW));

        // then
        assertThat(cronJob.getSpec().getSchedule()).isEqualTo("@hourly");
        Container container = container(cronJob);
        assertThat(EnvValues.of(container.getEnv()))
                .containsAllEntriesOf(Map.of(
                        "RECONCILE_LOOKBACK", "72h",
                        "STRIPE_ENDPOINT_ID", "we_123abc",
                        "RECONCILE_CONNECT", "true",
                        "RECONCILE_CONNECTED_ACCOUNTS", "acct_1A,acct_2B",
                        "RECONCILE_EVENT_PAYLOAD", "both"));
    }

    @Test
    void aConnectFlagSetToFalseSetsNothing() {
        // given
        StripeWebhookEndpoint endpoint =
                reconciled(new Reconciliation("@daily", null, API_KEY, null, false, null, "snapshot"));

        // when
        CronJob cronJob = BackfillCronJobDependent.desired(endpoint, Fixtures.inputs("billing", NOW));

        // then
        Container container = container(cronJob);
        assertThat(EnvValues.of(container.getEnv()))
                .containsEntry("RECONCILE_EVENT_PAYLOAD", "snapshot")
                .doesNotContainKeys("RECONCILE_CONNECT", "RECONCILE_CONNECTED_ACCOUNTS");
    }

    private static Container container(CronJob cronJob) {
        return cronJob.getSpec()
                .getJobTemplate()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst();
    }

    private static StripeWebhookEndpoint reconciled(Reconciliation reconciliation) {
        return Fixtures.billing(spec -> Specs.withReconciliation(spec, reconciliation));
    }
}
