package dev.stripeoperator.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import dev.stripeoperator.operator.endpoint.LastReconciliation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class ReconcileRunsTest {

    /** What the receiver's {@code reconcile} command writes (see ReconcileSummaryTest in the receiver). */
    private static final String SUCCEEDED = "{\"time\":\"2026-11-23T18:17:03Z\",\"listed\":812,\"alreadyPresent\":805,"
            + "\"missing\":7,\"recovered\":5,\"ignored\":2,\"wrongMode\":0,\"outcome\":\"Succeeded\","
            + "\"message\":\"recovered 5 missed events for delivery, stored 2 of types not enabled as ignored\"}";
    private static final String FAILED = "{\"time\":\"2026-11-23T20:00:01Z\",\"listed\":0,\"alreadyPresent\":0,"
            + "\"missing\":0,\"recovered\":0,\"ignored\":0,\"wrongMode\":0,\"outcome\":\"Failed\","
            + "\"message\":\"Stripe rejected the API key (401): check the Secret behind STRIPE_API_KEY_FILE (key sha256:1a2b3c4d)\"}";

    @Test
    void aFinishedRunsSummaryBecomesTheStatusCounts() {
        Optional<LastReconciliation> last = ReconcileRuns.latest(
                List.of(finished("run-1", "2026-11-23T18:17:04Z", 0, SUCCEEDED)), Optional.empty());

        assertThat(last).contains(new LastReconciliation("2026-11-23T18:17:03Z", 812L, 7L, 5L, "Succeeded"));
    }

    @Test
    void theRunThatFinishedLastWinsWhateverTheOrder() {
        Optional<LastReconciliation> last = ReconcileRuns.latest(List.of(
                finished("run-2", "2026-11-23T20:00:02Z", 2, FAILED),
                finished("run-1", "2026-11-23T18:17:04Z", 0, SUCCEEDED)), Optional.empty());

        assertThat(last).contains(new LastReconciliation("2026-11-23T20:00:01Z", 0L, 0L, 0L,
                "Failed: Stripe rejected the API key (401): check the Secret behind STRIPE_API_KEY_FILE (key sha256:1a2b3c4d)"));
    }

    @Test
    void runningPodsAreNotRunsYet() {
        Pod running = new PodBuilder().withNewMetadata().withName("run-3").endMetadata()
                .withNewStatus().addNewContainerStatus().withName("reconcile")
                .withNewState().withNewRunning().withStartedAt("2026-11-23T21:00:00Z").endRunning().endState()
                .endContainerStatus().endStatus().build();
        Pod pending = new PodBuilder().withNewMetadata().withName("run-4").endMetadata().build();

        assertThat(ReconcileRuns.latest(List.of(running, pending), Optional.empty())).isEmpty();
    }

    @Test
    void aRunKilledBeforeItsSummaryReportsItsExit() {
        Optional<LastReconciliation> last = ReconcileRuns.latest(
                List.of(finished("run-5", "2026-11-23T22:00:00Z", 137, null, "OOMKilled")), Optional.empty());

        assertThat(last).contains(new LastReconciliation("2026-11-23T22:00:00Z", null, null, null,
                "Failed: exit code 137 (OOMKilled)"));
    }

    @Test
    void aMessageThatIsNotASummaryCountsAsNone() {
        Optional<LastReconciliation> last = ReconcileRuns.latest(List.of(
                finished("run-6", "2026-11-23T22:00:00Z", 1, "Exception in thread \"main\" java.lang.Error", "Error")),
                Optional.empty());

        assertThat(last).contains(new LastReconciliation("2026-11-23T22:00:00Z", null, null, null,
                "Failed: exit code 1 (Error)"));
    }

    @Test
    void theShownSummaryStaysWhenItsPodIsGoneAndOnlyOlderRunsRemain() {
        LastReconciliation shown = new LastReconciliation("2026-11-24T00:17:03Z", 900L, 0L, 0L, "Succeeded");

        assertThat(ReconcileRuns.latest(List.of(finished("run-1", "2026-11-23T18:17:04Z", 0, SUCCEEDED)),
                Optional.of(shown))).contains(shown);
        assertThat(ReconcileRuns.latest(List.of(), Optional.of(shown))).contains(shown);
    }

    private static Pod finished(String name, String finishedAt, int exitCode, String message) {
        return finished(name, finishedAt, exitCode, message, exitCode == 0 ? "Completed" : "Error");
    }

    private static Pod finished(String name, String finishedAt, int exitCode, String message, String reason) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .addNewContainerStatus().withName("reconcile")
                .withNewState().withNewTerminated()
                .withExitCode(exitCode).withReason(reason).withMessage(message).withFinishedAt(finishedAt)
                .endTerminated().endState()
                .endContainerStatus().endStatus().build();
    }
}
