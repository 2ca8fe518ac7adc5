package dev.stripeoperator.operator;

import java.time.Duration;
import java.time.Instant;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Pods that stop cleanly and are bounded in time: probe timeouts, a preStop pause, a grace period, a Job deadline. */
class ReceiverPodLifecycleIT {

    @RegisterExtension
    static final RunningOperator OPERATOR = new RunningOperator("lifecycle", 1, Instant.parse("2026-03-01T12:00:00Z"));

    private static String ns;

    @BeforeAll
    static void createEndpoint() {
        ns = OPERATOR.namespace();
        Fixtures.userSecrets(ns, "billing", Fixtures.WHSEC)
                .forEach(s -> OPERATOR.client().resource(s).create());
        OPERATOR.client().resource(Fixtures.endpoint(ns, "billing")).create();
    }

    @Test
    void receiverProbesWaitLongerThanTheirChecksTake() {
        Container receiver = receiverPod().getSpec().getContainers().getFirst();

        // The readiness check may take 2 s for a pooled connection plus 1 s to validate it; the default is 1 s.
        assertThat(receiver.getReadinessProbe().getTimeoutSeconds()).isGreaterThanOrEqualTo(5);
        assertThat(receiver.getLivenessProbe().getTimeoutSeconds()).isGreaterThan(1);
    }

    @Test
    void receiverPodsPauseBeforeSigtermAndHaveTimeToDrain() {
        var pod = receiverPod().getSpec();
        Container receiver = pod.getContainers().getFirst();

        assertThat(receiver.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
        // The pause, a 2 s drain, 15 s for requests in flight and 10 s for sink attempts in flight.
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(5 + 2 + 15 + 10);
    }

    @Test
    void aHungReconcileRunIsEndedSoLaterRunsAreNotBlocked() {
        CronJob cronJob = await().atMost(Duration.ofSeconds(30))
                .until(() -> OPERATOR.reads().reconcileCronJob(ns, "billing"), c -> c != null);

        assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(cronJob.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds())
                .isEqualTo(3600L);
    }

    private static io.fabric8.kubernetes.api.model.PodTemplateSpec receiverPod() {
        Deployment deployment = await().atMost(Duration.ofSeconds(30))
                .until(() -> OPERATOR.reads().receiverDeployment(ns, "billing"), d -> d != null);
        return deployment.getSpec().getTemplate();
    }
}
