package dev.stripeoperator.operator.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.stripeoperator.contract.BackfillOutcome;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReplaySummary;
import dev.stripeoperator.operator.endpoint.ConditionReason;
import dev.stripeoperator.operator.replay.ReplayStatus;
import dev.stripeoperator.operator.replay.StripeWebhookReplay;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

/**
 * Builds a StripeWebhookReplay's status from its Job and the Job's pod: the {@link ReplaySummary} the receiver leaves
 * as the container's termination message, which the kubelet copies into the pod's status, as for the backfill. Once
 * the run ended, the status stays as it was when the Job or its pod are gone.
 */
public final class ReplayRuns {

    private ReplayRuns() {}

    /**
     * The status the replay should show now; {@code endpointFound} whether the endpoint it names exists, {@code job}
     * its Job, {@code pods} the pods of that Job the operator sees.
     */
    public static ReplayStatus build(
            StripeWebhookReplay replay, boolean endpointFound, Optional<Job> job, Collection<Pod> pods, Instant now) {
        Optional<ReplayStatus> previous = Optional.ofNullable(replay.getStatus());
        long generation = replay.getMetadata().getGeneration() == null
                ? 0
                : replay.getMetadata().getGeneration();
        String namespace = replay.getMetadata().getNamespace();
        String endpoint = replay.getSpec().endpoint();
        Conditions conditions =
                new Conditions(previous.map(ReplayStatus::conditions).orElse(List.of()), generation, now);
        if (endpointFound) {
            conditions.add(
                    ConditionReason.ENDPOINT_FOUND,
                    true,
                    "StripeWebhookEndpoint " + namespace + "/" + endpoint + " exists");
        } else {
            conditions.add(
                    ConditionReason.ENDPOINT_NOT_FOUND,
                    false,
                    "there is no StripeWebhookEndpoint " + endpoint + " in namespace " + namespace
                            + ": the replay waits for it");
        }
        Status status = observe(replay, endpointFound, job, pods, previous, now);
        if (previous.filter(ReplayStatus::finished).isPresent() && !status.fromPod()) {
            // The Job or its pod went away after the run ended: what was read from the pod then stays.
            ReplayStatus last = previous.get();
            return new ReplayStatus(
                    generation,
                    last.phase(),
                    conditions.list(),
                    last.job(),
                    last.startTime(),
                    last.completionTime(),
                    last.matched(),
                    last.replayed(),
                    last.discarded(),
                    last.skipped(),
                    last.failed(),
                    last.message());
        }
        Optional<ReplaySummary> summary = Optional.ofNullable(status.summary());
        boolean discard =
                summary.map(s -> s.action() == ReceiverCommand.DISCARD).orElse(false);
        return new ReplayStatus(
                generation,
                status.phase(),
                conditions.list(),
                job.map(j -> j.getMetadata().getName())
                        .or(() -> previous.map(ReplayStatus::job))
                        .orElse(null),
                status.startTime(),
                status.completionTime(),
                summary.map(ReplaySummary::matched).orElse(null),
                discard ? null : summary.map(ReplaySummary::changed).orElse(null),
                discard ? summary.map(ReplaySummary::changed).orElse(null) : null,
                summary.map(ReplaySummary::skipped).orElse(null),
                summary.map(ReplaySummary::failed).orElse(null),
                status.message());
    }

    /**
     * What the Job and its pod show now; {@code fromPod} when it was read from the pod's end (its summary or its
     * exit), the only source that beats what an earlier reconcile read.
     */
    private record Status(
            String phase,
            String startTime,
            String completionTime,
            ReplaySummary summary,
            String message,
            boolean fromPod) {

        Status(String phase, String startTime, String completionTime, String message) {
            this(phase, startTime, completionTime, null, message, false);
        }
    }

    private static Status observe(
            StripeWebhookReplay replay,
            boolean endpointFound,
            Optional<Job> job,
            Collection<Pod> pods,
            Optional<ReplayStatus> previous,
            Instant now) {
        String jobName = replay.jobName();
        if (job.isEmpty()) {
            if (previous.map(ReplayStatus::job).isPresent()) {
                return new Status(
                        ReplayStatus.FAILED,
                        previous.get().startTime(),
                        time(now),
                        "the Job " + jobName + " is gone and its pod left no summary; create another"
                                + " StripeWebhookReplay to run it again");
            }
            return new Status(
                    ReplayStatus.PENDING,
                    null,
                    null,
                    endpointFound
                            ? "creating the Job " + jobName
                            : "waiting for StripeWebhookEndpoint "
                                    + replay.getSpec().endpoint());
        }
        Job current = job.get();
        String startTime = current.getStatus() != null && current.getStatus().getStartTime() != null
                ? current.getStatus().getStartTime()
                : current.getMetadata().getCreationTimestamp();
        Optional<ContainerStateTerminated> ended = pods.stream()
                .flatMap(pod -> BackfillRuns.finished(pod).stream())
                .max(Comparator.comparing(terminated -> BackfillRuns.instant(terminated.getFinishedAt())));
        if (ended.isPresent()) {
            return ended(jobName, startTime, ended.get());
        }
        Optional<JobCondition> failed = condition(current, "Failed");
        if (failed.isPresent()) {
            return new Status(
                    ReplayStatus.FAILED,
                    startTime,
                    failed.get().getLastTransitionTime(),
                    BackfillOutcome.FAILED.text() + ": the Job " + jobName + " failed ("
                            + failed.get().getReason() + ": " + failed.get().getMessage() + ")");
        }
        Optional<JobCondition> complete = condition(current, "Complete");
        if (complete.isPresent()) {
            return new Status(
                    ReplayStatus.SUCCEEDED,
                    startTime,
                    complete.get().getLastTransitionTime(),
                    "the Job " + jobName + " completed; its pod is gone, so its counts are unknown");
        }
        Optional<Pod> running = pods.stream()
                .filter(pod -> pod.getStatus() != null
                        && "Running".equals(pod.getStatus().getPhase()))
                .findFirst();
        if (running.isPresent()) {
            return new Status(
                    ReplayStatus.RUNNING,
                    startTime,
                    null,
                    "the Job " + jobName + " runs since " + startTime + "; kubectl logs job/" + jobName);
        }
        return new Status(ReplayStatus.PENDING, startTime, null, waiting(jobName, pods));
    }

    private static Status ended(String jobName, String startTime, ContainerStateTerminated terminated) {
        Optional<ReplaySummary> written = ReplaySummary.fromJson(terminated.getMessage());
        if (written.isEmpty()) {
            // Ended before it could write its summary (OOM kill, deadline, eviction): the exit is all there is.
            boolean succeeded = Integer.valueOf(0).equals(terminated.getExitCode());
            return new Status(
                    succeeded ? ReplayStatus.SUCCEEDED : ReplayStatus.FAILED,
                    startTime,
                    terminated.getFinishedAt(),
                    null,
                    (succeeded ? BackfillOutcome.SUCCEEDED.text() : BackfillOutcome.FAILED.text())
                            + ": exit code " + terminated.getExitCode()
                            + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")")
                            + " without a summary; kubectl logs job/" + jobName,
                    true);
        }
        ReplaySummary summary = written.get();
        return new Status(
                summary.outcome() == BackfillOutcome.SUCCEEDED ? ReplayStatus.SUCCEEDED : ReplayStatus.FAILED,
                startTime,
                summary.time() != null ? summary.time().toString() : terminated.getFinishedAt(),
                summary,
                summary.message(),
                true);
    }

    /** Why the Job's pod is not running yet: not scheduled, or a container waiting, as the pod says. */
    private static String waiting(String jobName, Collection<Pod> pods) {
        for (Pod pod : pods) {
            if (pod.getStatus() == null) {
                continue;
            }
            Optional<ContainerStateWaiting> waiting =
                    Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream()
                            .map(ContainerStatus::getState)
                            .filter(state -> state != null && state.getWaiting() != null)
                            .map(state -> state.getWaiting())
                            .findFirst();
            if (waiting.isPresent()) {
                return "the pod of the Job " + jobName + " waits: "
                        + waiting.get().getReason()
                        + (waiting.get().getMessage() == null
                                ? ""
                                : ": " + waiting.get().getMessage());
            }
            Optional<PodCondition> unscheduled =
                    Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of()).stream()
                            .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                            .findFirst();
            if (unscheduled.isPresent()) {
                return "the pod of the Job " + jobName + " is not scheduled: "
                        + unscheduled.get().getReason()
                        + (unscheduled.get().getMessage() == null
                                ? ""
                                : ": " + unscheduled.get().getMessage());
            }
        }
        return "waiting for the pod of the Job " + jobName;
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
