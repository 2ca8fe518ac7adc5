package dev.stripeoperator.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.LastReconciliation;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.operator.status.EndpointMetrics;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Reconcile runs on the local control plane: their pods hold no API token and a small pool, and a finished run's
 * summary reaches the endpoint's {@code status.lastReconciliation} from the termination message the kubelet copied
 * into the Job pod's status.
 */
@ExtendWith(LocalClusterExtension.class)
class BackfillRunsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The JSON the receiver's {@code reconcile} command writes to its termination message file. */
    private static final String SUCCEEDED = "{\"time\":\"2026-11-23T18:17:03Z\",\"listed\":812,\"alreadyPresent\":705,"
            + "\"missing\":7,\"recovered\":5,\"ignored\":2,\"wrongMode\":0,\"unsubscribed\":100,\"versionMismatches\":3,"
            + "\"accounts\":4,\"outcome\":\"Succeeded\","
            + "\"message\":\"recovered 5 missed events for delivery, stored 2 of types not enabled as ignored\"}";

    private static final String FAILED = "{\"time\":\"2026-11-24T00:17:09Z\",\"listed\":300,\"alreadyPresent\":300,"
            + "\"missing\":0,\"recovered\":0,\"ignored\":0,\"wrongMode\":0,\"outcome\":\"Failed\","
            + "\"message\":\"the Stripe API stayed unavailable (HTTP 500) after 5 retries (request req_8Hx2)\"}";

    private static OperatorEnvironment env;
    private static KubernetesClient client;

    @BeforeAll
    static void startOperator(LocalCluster cluster) {
        env = OperatorEnvironment.start(cluster, "runs", 7, new MutableClock(Instant.parse("2026-11-23T18:00:00Z")));
        client = env.client;
    }

    @AfterAll
    static void stopOperator() {
        env.close();
    }

    @Test
    void aFinishedRunsSummaryReachesTheStatusAndALaterFailureReplacesIt() {
        String ns = namespace();
        PodTemplateSpec template = reconcilePodTemplate(ns, "billing");

        finishRun(ns, template, "billing-stripe-reconcile-29400017-x7k2p", "2026-11-23T18:17:04Z", 0, SUCCEEDED);

        assertThat(awaitLastReconciliation(ns, "billing", "2026-11-23T18:17:03Z"))
                .isEqualTo(new LastReconciliation("2026-11-23T18:17:03Z", 812L, 7L, 5L, "Succeeded", 100L, 3L, 4L));

        finishRun(ns, template, "billing-stripe-reconcile-29400377-q9m4d", "2026-11-24T00:17:10Z", 1, FAILED);

        assertThat(awaitLastReconciliation(ns, "billing", "2026-11-24T00:17:09Z"))
                .isEqualTo(new LastReconciliation(
                        "2026-11-24T00:17:09Z",
                        300L,
                        0L,
                        0L,
                        "Failed: the Stripe API stayed unavailable (HTTP 500) after 5 retries (request req_8Hx2)",
                        null,
                        null,
                        null));

        // Each run tells on the endpoint: the one that recovered events, then the failed one.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(env.reads.events(ns, "billing"))
                        .extracting(Event::getType, Event::getReason)
                        .contains(tuple("Warning", "BackfillRecoveredEvents"), tuple("Warning", "BackfillFailed")));
        env.endpointMetrics.refresh();
        assertThat(env.meters
                        .find(EndpointMetrics.RECONCILIATION_FAILED)
                        .tags("namespace", ns, "endpoint", "billing")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        assertThat(env.meters
                        .find(EndpointMetrics.RECONCILIATION_TIMESTAMP)
                        .tags("namespace", ns, "endpoint", "billing")
                        .gauge()
                        .value())
                .isEqualTo((double) Instant.parse("2026-11-24T00:17:09Z").getEpochSecond());
    }

    @Test
    void theSummaryStaysWhenTheJobHistoryRemovesThePod() {
        String ns = namespace();
        PodTemplateSpec template = reconcilePodTemplate(ns, "orders");
        Pod pod =
                finishRun(ns, template, "orders-stripe-reconcile-29400017-a1b2c", "2026-11-23T18:17:04Z", 0, SUCCEEDED);
        awaitLastReconciliation(ns, "orders", "2026-11-23T18:17:03Z");

        client.resource(pod).delete();
        // A change of the spec makes the operator reconcile (and rebuild the status) with no pod left.
        Fixtures.modify(
                client,
                StripeWebhookEndpoint.class,
                ns,
                "orders",
                e -> e.getSpec().enabledEvents().add("charge.refunded"),
                false);
        await().atMost(WAIT)
                .until(() -> env.reads.endpoint(ns, "orders").getStatus().observedGeneration() == 2L);

        assertThat(env.reads.endpoint(ns, "orders").getStatus().lastReconciliation())
                .isEqualTo(new LastReconciliation("2026-11-23T18:17:03Z", 812L, 7L, 5L, "Succeeded", 100L, 3L, 4L));
    }

    @Test
    void aRunOfAnotherEndpointInTheNamespaceDoesNotShowOnThisOne() {
        String ns = namespace();
        PodTemplateSpec billing = reconcilePodTemplate(ns, "billing");
        reconcilePodTemplate(ns, "refunds");

        finishRun(ns, billing, "billing-stripe-reconcile-29400017-zz9yy", "2026-11-23T18:17:04Z", 0, SUCCEEDED);
        awaitLastReconciliation(ns, "billing", "2026-11-23T18:17:03Z");

        assertThat(env.reads.endpoint(ns, "refunds").getStatus().lastReconciliation())
                .isNull();
    }

    @Test
    void aRunningBackfillShowsOnTheEndpointUntilItsJobIsGone() {
        String ns = namespace();
        PodTemplateSpec template = reconcilePodTemplate(ns, "billing");
        await().atMost(WAIT)
                .until(() -> backfillRunning(ns, "billing").getStatus().equals("False"));
        CronJob cronJob = env.reads.reconcileCronJob(ns, "billing");

        // As `kubectl create job --from=cronjob/billing-stripe-reconcile` does, on a node that does not exist, so that
        // no kwok node runs the pod to its end.
        Job job = client.resource(new JobBuilder()
                        .withNewMetadata()
                        .withNamespace(ns)
                        .withName("billing-stripe-reconcile-manual")
                        .withLabels(
                                cronJob.getSpec().getJobTemplate().getMetadata().getLabels())
                        .endMetadata()
                        .withSpec(cronJob.getSpec().getJobTemplate().getSpec())
                        .editSpec()
                        .editTemplate()
                        .editSpec()
                        .withNodeSelector(Map.of("backfill-runs-it/pool", "none"))
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();

        await().atMost(WAIT).untilAsserted(() -> {
            EndpointCondition running = backfillRunning(ns, "billing");
            assertThat(running.getStatus()).isEqualTo("True");
            assertThat(running.getReason()).isEqualTo("JobRunning");
            assertThat(running.getMessage())
                    .startsWith("Job billing-stripe-reconcile-manual runs since ")
                    .endsWith("; its result becomes status.lastReconciliation");
        });
        assertThat(template.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "reconcile");

        client.resource(job)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();

        await().atMost(WAIT)
                .until(() -> backfillRunning(ns, "billing").getStatus().equals("False"));
        assertThat(backfillRunning(ns, "billing").getReason()).isEqualTo("NoJobRunning");
    }

    private static EndpointCondition backfillRunning(String ns, String name) {
        return java.util.Optional.ofNullable(env.reads.endpoint(ns, name).getStatus())
                .flatMap(status -> status.condition("BackfillRunning"))
                .orElse(new EndpointCondition("BackfillRunning", "Unknown", null, null, null, null));
    }

    @Test
    void backfillPodsGetNoServiceAccountToken() {
        String ns = namespace();

        PodTemplateSpec template = reconcilePodTemplate(ns, "billing");

        assertThat(template.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(template.getSpec().getContainers().getFirst().getTerminationMessagePolicy())
                .as("the default policy, File, reads the summary file")
                .isIn(null, "File");
    }

    @Test
    void backfillPodsHoldASmallDatabasePool() {
        String ns = namespace();

        PodTemplateSpec template = reconcilePodTemplate(ns, "billing");

        assertThat(template.getSpec().getContainers().getFirst().getEnv())
                .anySatisfy(e -> assertThat(e).extracting("name", "value").containsExactly("DATABASE_POOL_SIZE", "2"));
    }

    /** Creates an endpoint and returns the pod template of its backfill CronJob, once the operator made it. */
    private static PodTemplateSpec reconcilePodTemplate(String ns, String name) {
        Fixtures.userSecrets(ns, name, Fixtures.WHSEC)
                .forEach(s -> client.resource(s).createOr(r -> r.update()));
        client.resource(Fixtures.endpoint(ns, name)).create();
        CronJob cronJob = await().atMost(WAIT).until(() -> env.reads.reconcileCronJob(ns, name), c -> c != null);
        return cronJob.getSpec().getJobTemplate().getSpec().getTemplate();
    }

    /** One run of the CronJob's Job, ended with this exit code and termination message. */
    private static Pod finishRun(
            String ns, PodTemplateSpec template, String podName, String finishedAt, int exitCode, String message) {
        return EndedPods.create(
                client,
                ns,
                podName,
                podName.substring(0, podName.lastIndexOf('-')),
                template,
                exitCode,
                message,
                finishedAt);
    }

    private static LastReconciliation awaitLastReconciliation(String ns, String name, String time) {
        return await().atMost(WAIT)
                .until(
                        () -> java.util.Optional.ofNullable(
                                        env.reads.endpoint(ns, name).getStatus())
                                .map(StripeWebhookEndpointStatus::lastReconciliation)
                                .orElse(null),
                        last -> last != null && time.equals(last.time()));
    }

    private static String namespace() {
        return env.namespace();
    }
}
