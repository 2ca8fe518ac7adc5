package dev.stripeoperator.operator.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.stripeoperator.contract.BackfillOutcome;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReplaySummary;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.replay.ReplaySpec;
import dev.stripeoperator.operator.replay.ReplayStatus;
import dev.stripeoperator.operator.replay.StripeWebhookReplay;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A replay's status from its Job and the Job's pod, on plain values. */
class ReplayRunsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:20:00Z");
    private static final String JOB = "after-inc-42-stripe-replay";

    /** The status at {@link #NOW} of a replay showing {@code previous}, with these children. */
    static ReplayStatus build(ReplayStatus previous, boolean endpointFound, Optional<Job> job, List<Pod> pods) {
        return build(ReplaySpec.REPLAY, previous, endpointFound, job, pods);
    }

    private static ReplayStatus build(
            String action, ReplayStatus previous, boolean endpointFound, Optional<Job> job, List<Pod> pods) {
        StripeWebhookReplay replay = new StripeWebhookReplay();
        replay.setMetadata(new ObjectMetaBuilder()
                .withNamespace("payments")
                .withName("after-inc-42")
                .withGeneration(1L)
                .build());
        replay.setSpec(new ReplaySpec("billing", action, null, "sink fixed", null));
        replay.setStatus(previous);
        return ReplayRuns.build(replay, endpointFound, job, pods, NOW);
    }

    @Test
    void withoutItsEndpointAReplayWaitsAndSaysWhy() {
        ReplayStatus status = build(null, false, Optional.empty(), List.of());

        assertThat(status.phase()).isEqualTo("Pending");
        assertThat(status.message()).isEqualTo("waiting for StripeWebhookEndpoint billing");
        assertThat(status.job()).isNull();
        assertThat(status.condition("EndpointFound").orElseThrow())
                .extracting(EndpointCondition::getStatus, EndpointCondition::getReason, EndpointCondition::getMessage)
                .containsExactly(
                        "False",
                        "EndpointNotFound",
                        "there is no StripeWebhookEndpoint billing in namespace payments: the replay waits for it");
    }

    @Test
    void aPodThatCannotBeScheduledOrStartedIsPendingWithTheCause() {
        Pod unscheduled = new PodBuilder()
                .withNewStatus()
                .withPhase("Pending")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.")
                .endCondition()
                .endStatus()
                .build();
        Pod waiting = new PodBuilder()
                .withNewStatus()
                .withPhase("Pending")
                .addNewContainerStatus()
                .withName("replay")
                .withNewState()
                .withNewWaiting()
                .withReason("CreateContainerConfigError")
                .withMessage("secret \"stripe-events-db\" not found")
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();

        ReplayStatus notScheduled = build(null, true, Optional.of(job(null)), List.of(unscheduled));
        ReplayStatus notStarted = build(null, true, Optional.of(job(null)), List.of(waiting));

        assertThat(notScheduled.phase()).isEqualTo("Pending");
        assertThat(notScheduled.job()).isEqualTo(JOB);
        assertThat(notScheduled.startTime()).isEqualTo("2026-12-06T10:15:00Z");
        assertThat(notScheduled.message())
                .isEqualTo("the pod of the Job " + JOB + " is not scheduled: Unschedulable: 0/2 nodes are available:"
                        + " 2 node(s) didn't match Pod's node affinity/selector.");
        assertThat(notStarted.message())
                .isEqualTo("the pod of the Job " + JOB + " waits: CreateContainerConfigError: secret"
                        + " \"stripe-events-db\" not found");
    }

    @Test
    void aRunningPodIsRunningWithoutCountsYet() {
        Pod running = new PodBuilder()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();

        ReplayStatus status = build(null, true, Optional.of(job(null)), List.of(running));

        assertThat(status.phase()).isEqualTo("Running");
        assertThat(status.message())
                .isEqualTo("the Job " + JOB + " runs since 2026-12-06T10:15:00Z; kubectl logs job/" + JOB);
        assertThat(status.matched()).isNull();
    }

    @Test
    void theSummaryOfAReplayGivesItsCounts() {
        String summary = new ReplaySummary(
                        Instant.parse("2026-12-06T10:16:02Z"),
                        ReceiverCommand.REPLAY,
                        12L,
                        10L,
                        2L,
                        0L,
                        BackfillOutcome.SUCCEEDED,
                        "replayed 10 event(s) of endpoint payments/billing; 12 matched, 2 skipped",
                        false)
                .toJson();

        ReplayStatus status = build(null, true, Optional.of(job(null)), List.of(ended(0, summary)));

        assertThat(status)
                .isEqualTo(new ReplayStatus(
                        1L,
                        "Succeeded",
                        status.conditions(),
                        JOB,
                        "2026-12-06T10:15:00Z",
                        "2026-12-06T10:16:02Z",
                        12L,
                        10L,
                        null,
                        2L,
                        0L,
                        "replayed 10 event(s) of endpoint payments/billing; 12 matched, 2 skipped"));
    }

    @Test
    void theSummaryOfADiscardCountsDiscardedAndAFailedRunIsFailed() {
        String summary = new ReplaySummary(
                        Instant.parse("2026-12-06T10:16:02Z"),
                        ReceiverCommand.DISCARD,
                        900L,
                        500L,
                        0L,
                        400L,
                        BackfillOutcome.FAILED,
                        "discard failed: connection refused; discarded 500 event(s) of endpoint payments/billing of"
                                + " 900 matched before it failed",
                        false)
                .toJson();

        ReplayStatus status = build(ReplaySpec.DISCARD, null, true, Optional.of(job(null)), List.of(ended(1, summary)));

        assertThat(status.phase()).isEqualTo("Failed");
        assertThat(List.of(status.matched(), status.discarded(), status.skipped(), status.failed()))
                .containsExactly(900L, 500L, 0L, 400L);
        assertThat(status.replayed()).isNull();
        assertThat(status.message()).startsWith("discard failed: connection refused");
    }

    @Test
    void aPodKilledBeforeItsSummaryOrAJobThatFailedWithoutOneSaysWhatThereIs() {
        Pod killed = new PodBuilder()
                .withNewStatus()
                .addNewContainerStatus()
                .withNewState()
                .withNewTerminated()
                .withExitCode(137)
                .withReason("OOMKilled")
                .withFinishedAt("2026-12-06T10:15:40Z")
                .endTerminated()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();

        ReplayStatus oom = build(null, true, Optional.of(job(null)), List.of(killed));
        ReplayStatus deadline = build(null, true, Optional.of(job("Failed")), List.of());

        assertThat(oom.phase()).isEqualTo("Failed");
        assertThat(oom.message())
                .isEqualTo("Failed: exit code 137 (OOMKilled) without a summary; kubectl logs job/" + JOB);
        assertThat(oom.completionTime()).isEqualTo("2026-12-06T10:15:40Z");
        assertThat(deadline.phase()).isEqualTo("Failed");
        assertThat(deadline.message())
                .isEqualTo("Failed: the Job " + JOB + " failed (DeadlineExceeded: Job was active longer than"
                        + " specified deadline)");
    }

    @Test
    void anEndedRunKeepsWhatItsPodSaidWhenTheJobOrThePodGoes() {
        String summary = new ReplaySummary(
                        Instant.parse("2026-12-06T10:16:02Z"),
                        ReceiverCommand.REPLAY,
                        3L,
                        3L,
                        0L,
                        0L,
                        BackfillOutcome.SUCCEEDED,
                        "replayed 3",
                        false)
                .toJson();
        ReplayStatus ended = build(null, true, Optional.of(job(null)), List.of(ended(0, summary)));

        ReplayStatus podGone = build(ended, true, Optional.of(job("Complete")), List.of());
        ReplayStatus jobGone = build(ended, false, Optional.empty(), List.of());

        assertThat(podGone).isEqualTo(ended);
        assertThat(jobGone.phase()).isEqualTo("Succeeded");
        assertThat(jobGone.replayed()).isEqualTo(3L);
        assertThat(jobGone.condition("EndpointFound").orElseThrow().getStatus())
                .as("the endpoint may go later; the replay's result stays")
                .isEqualTo("False");
    }

    @Test
    void aJobDeletedBeforeItsRunEndedFailsAndIsNotRunAgain() {
        Pod running = new PodBuilder()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
        ReplayStatus started = build(null, true, Optional.of(job(null)), List.of(running));

        ReplayStatus gone = build(started, true, Optional.empty(), List.of());

        assertThat(gone.phase()).isEqualTo("Failed");
        assertThat(gone.job()).isEqualTo(JOB);
        assertThat(gone.completionTime()).isEqualTo("2026-12-06T10:20:00Z");
        assertThat(gone.message()).contains("is gone", "create another StripeWebhookReplay");
    }

    @Test
    void anUnchangedStateGivesAnEqualStatusSoNothingIsWritten() {
        Pod running = new PodBuilder()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
        ReplayStatus first = build(null, true, Optional.of(job(null)), List.of(running));

        assertThat(build(first, true, Optional.of(job(null)), List.of(running))).isEqualTo(first);
    }

    /** The replay's Job, started at 10:15, with a condition of this type when given. */
    private static Job job(String condition) {
        JobBuilder job = new JobBuilder()
                .withNewMetadata()
                .withName(JOB)
                .withCreationTimestamp("2026-12-06T10:14:59Z")
                .endMetadata()
                .withNewStatus()
                .withStartTime("2026-12-06T10:15:00Z")
                .endStatus();
        if (condition != null) {
            job.editStatus()
                    .addNewCondition()
                    .withType(condition)
                    .withStatus("True")
                    .withReason(condition.equals("Failed") ? "DeadlineExceeded" : null)
                    .withMessage(condition.equals("Failed") ? "Job was active longer than specified deadline" : null)
                    .withLastTransitionTime("2026-12-06T11:15:00Z")
                    .endCondition()
                    .endStatus();
        }
        return job.build();
    }

    /** The Job's pod after its container ended with this exit code and termination message. */
    private static Pod ended(int exitCode, String message) {
        return new PodBuilder()
                .withNewStatus()
                .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .addNewContainerStatus()
                .withName("replay")
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withMessage(message)
                .withFinishedAt("2026-12-06T10:16:03Z")
                .endTerminated()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
    }
}
