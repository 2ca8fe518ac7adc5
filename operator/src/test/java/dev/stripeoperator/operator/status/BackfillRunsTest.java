package dev.stripeoperator.operator.status;

import java.util.List;
import java.util.Optional;

import dev.stripeoperator.operator.endpoint.LastReconciliation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillRunsTest {

    /** What the receiver's {@code reconcile} command writes (see BackfillSummaryTest in the contract). */
    private static final String SUCCEEDED = "{\"time\":\"2026-11-23T18:17:03Z\",\"listed\":812,\"alreadyPresent\":705,"
            + "\"missing\":7,\"recovered\":5,\"ignored\":2,\"wrongMode\":0,\"unsubscribed\":100,\"versionMismatches\":3,"
            + "\"accounts\":4,\"outcome\":\"Succeeded\","
            + "\"message\":\"recovered 5 missed events for delivery, stored 2 of types not enabled as ignored\"}";
    /** A summary of a receiver from before unsubscribed, versionMismatches and accounts. */
    private static final String OLDER_RECEIVER = "{\"time\":\"2026-11-23T18:17:03Z\",\"listed\":812,"
            + "\"alreadyPresent\":805,\"missing\":7,\"recovered\":5,\"ignored\":2,\"wrongMode\":0,"
            + "\"outcome\":\"Succeeded\",\"message\":\"recovered 5\"}";

    private static final String DRY_RUN = "{\"time\":\"2026-11-24T09:00:00Z\",\"listed\":812,\"alreadyPresent\":700,"
            + "\"missing\":12,\"recovered\":12,\"ignored\":0,\"wrongMode\":0,\"unsubscribed\":100,\"versionMismatches\":0,"
            + "\"accounts\":0,\"dryRun\":true,\"outcome\":\"Succeeded\",\"message\":\"would recover 12 missed events\"}";
    private static final String FAILED = "{\"time\":\"2026-11-23T20:00:01Z\",\"listed\":0,\"alreadyPresent\":0,"
            + "\"missing\":0,\"recovered\":0,\"ignored\":0,\"wrongMode\":0,\"outcome\":\"Failed\","
            + "\"message\":\"Stripe rejected the API key (401): check the Secret behind STRIPE_API_KEY_FILE (key sha256:1a2b3c4d)\"}";

    @Test
    void aFinishedRunsSummaryBecomesTheStatusCounts() {
        Optional<LastReconciliation> last =
                BackfillRuns.latest(List.of(finished("run-1", "2026-11-23T18:17:04Z", 0, SUCCEEDED)), Optional.empty());

        assertThat(last)
                .contains(new LastReconciliation("2026-11-23T18:17:03Z", 812L, 7L, 5L, "Succeeded", 100L, 3L, 4L));
    }

    @Test
    void aSummaryWithoutTheNewerCountsLeavesThemOut() {
        Optional<LastReconciliation> last = BackfillRuns.latest(
                List.of(finished("run-1", "2026-11-23T18:17:04Z", 0, OLDER_RECEIVER)), Optional.empty());

        assertThat(last)
                .contains(new LastReconciliation("2026-11-23T18:17:03Z", 812L, 7L, 5L, "Succeeded", null, null, null));
    }

    @Test
    void aDryRunChangesNothingSoItLeavesTheStatusAsItWas() {
        LastReconciliation shown =
                new LastReconciliation("2026-11-23T18:17:03Z", 812L, 7L, 5L, "Succeeded", 100L, 3L, 4L);

        assertThat(BackfillRuns.latest(
                        List.of(finished("manual-dry-run", "2026-11-24T09:00:01Z", 0, DRY_RUN)), Optional.of(shown)))
                .contains(shown);
        assertThat(BackfillRuns.latest(
                        List.of(
                                finished("run-1", "2026-11-23T18:17:04Z", 0, SUCCEEDED),
                                finished("manual-dry-run", "2026-11-24T09:00:01Z", 0, DRY_RUN)),
                        Optional.empty()))
                .contains(shown);
        assertThat(BackfillRuns.latest(
                        List.of(finished("manual-dry-run", "2026-11-24T09:00:01Z", 0, DRY_RUN)), Optional.empty()))
                .isEmpty();
    }

    @Test
    void theRunThatFinishedLastWinsWhateverTheOrder() {
        Optional<LastReconciliation> last = BackfillRuns.latest(
                List.of(
                        finished("run-2", "2026-11-23T20:00:02Z", 2, FAILED),
                        finished("run-1", "2026-11-23T18:17:04Z", 0, SUCCEEDED)),
                Optional.empty());

        assertThat(last)
                .contains(new LastReconciliation(
                        "2026-11-23T20:00:01Z",
                        0L,
                        0L,
                        0L,
                        "Failed: Stripe rejected the API key (401): check the Secret behind STRIPE_API_KEY_FILE (key sha256:1a2b3c4d)",
                        null,
                        null,
                        null));
    }

    @Test
    void runningPodsAreNotRunsYet() {
        Pod running = new PodBuilder()
                .withNewMetadata()
                .withName("run-3")
                .endMetadata()
                .withNewStatus()
                .addNewContainerStatus()
                .withName("reconcile")
                .withNewState()
                .withNewRunning()
                .withStartedAt("2026-11-23T21:00:00Z")
                .endRunning()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
        Pod pending = new PodBuilder()
                .withNewMetadata()
                .withName("run-4")
                .endMetadata()
                .build();

        assertThat(BackfillRuns.latest(List.of(running, pending), Optional.empty()))
                .isEmpty();
    }

    @Test
    void aRunKilledBeforeItsSummaryReportsItsExit() {
        Optional<LastReconciliation> last = BackfillRuns.latest(
                List.of(finished("run-5", "2026-11-23T22:00:00Z", 137, null, "OOMKilled")), Optional.empty());

        assertThat(last)
                .contains(new LastReconciliation(
                        "2026-11-23T22:00:00Z",
                        null,
                        null,
                        null,
                        "Failed: exit code 137 (OOMKilled)",
                        null,
                        null,
                        null));
    }

    @Test
    void aMessageThatIsNotASummaryCountsAsNone() {
        Optional<LastReconciliation> last = BackfillRuns.latest(
                List.of(finished(
                        "run-6", "2026-11-23T22:00:00Z", 1, "Exception in thread \"main\" java.lang.Error", "Error")),
                Optional.empty());

        assertThat(last)
                .contains(new LastReconciliation(
                        "2026-11-23T22:00:00Z", null, null, null, "Failed: exit code 1 (Error)", null, null, null));
    }

    @Test
    void theShownSummaryStaysWhenItsPodIsGoneAndOnlyOlderRunsRemain() {
        LastReconciliation shown =
                new LastReconciliation("2026-11-24T00:17:03Z", 900L, 0L, 0L, "Succeeded", 0L, 0L, 0L);

        assertThat(BackfillRuns.latest(
                        List.of(finished("run-1", "2026-11-23T18:17:04Z", 0, SUCCEEDED)), Optional.of(shown)))
                .contains(shown);
        assertThat(BackfillRuns.latest(List.of(), Optional.of(shown))).contains(shown);
    }

    private static Pod finished(String name, String finishedAt, int exitCode, String message) {
        return finished(name, finishedAt, exitCode, message, exitCode == 0 ? "Completed" : "Error");
    }

    private static Pod finished(String name, String finishedAt, int exitCode, String message, String reason) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewStatus()
                .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .addNewContainerStatus()
                .withName("reconcile")
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason(reason)
                .withMessage(message)
                .withFinishedAt(finishedAt)
                .endTerminated()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
    }
}
