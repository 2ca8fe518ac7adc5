package dev.stripeoperator.operator.status;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

import dev.stripeoperator.contract.BackfillOutcome;
import dev.stripeoperator.contract.BackfillSummary;
import dev.stripeoperator.operator.endpoint.LastReconciliation;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Reads {@code status.lastReconciliation} from the pods of an endpoint's backfill Jobs: the {@link BackfillSummary}
 * the receiver's {@code reconcile} command leaves as its container termination message, which the kubelet copies
 * into {@code status.containerStatuses[].state.terminated.message}. The backfill pods need no Kubernetes API rights
 * for it.
 */
public final class BackfillRuns {

    private BackfillRuns() {}

    /**
     * The summary of the run that finished last among these pods, unless {@code shown} (the status so far) is of a
     * later run whose pod is gone already; empty while no run has finished.
     */
    public static Optional<LastReconciliation> latest(Collection<Pod> pods, Optional<LastReconciliation> shown) {
        Optional<LastReconciliation> fromPods = pods.stream()
                .flatMap(pod -> finished(pod).stream())
                .filter(terminated -> !isDryRun(terminated))
                .max(Comparator.comparing(BackfillRuns::finishedAt))
                .map(BackfillRuns::summary);
        if (fromPods.isEmpty() || shown.isEmpty()) {
            return fromPods.or(() -> shown);
        }
        return instant(shown.get().time()).isAfter(instant(fromPods.get().time())) ? shown : fromPods;
    }

    /** The pod's container that terminated, when it has one with a finish time. */
    static Optional<ContainerStateTerminated> finished(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getState)
                .filter(state -> state != null && state.getTerminated() != null)
                .map(ContainerState::getTerminated)
                .filter(terminated -> finishedAt(terminated) != Instant.MIN)
                .findFirst();
    }

    /** A run by hand with {@code --dry-run} changed nothing, and leaves the status as it was. */
    private static boolean isDryRun(ContainerStateTerminated terminated) {
        return BackfillSummary.fromJson(terminated.getMessage())
                .map(BackfillSummary::dryRun)
                .orElse(false);
    }

    private static Instant finishedAt(ContainerStateTerminated terminated) {
        return instant(terminated.getFinishedAt());
    }

    /** An RFC 3339 time; {@link Instant#MIN} when absent or malformed, so that it never wins. */
    static Instant instant(String time) {
        try {
            return time == null ? Instant.MIN : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    private static LastReconciliation summary(ContainerStateTerminated terminated) {
        Optional<BackfillSummary> written = BackfillSummary.fromJson(terminated.getMessage());
        if (written.isEmpty()) {
            // Ended before it could write its summary (OOM kill, deadline, eviction): the exit is all there is.
            boolean succeeded = Integer.valueOf(0).equals(terminated.getExitCode());
            return new LastReconciliation(
                    terminated.getFinishedAt(),
                    null,
                    null,
                    null,
                    succeeded
                            ? BackfillOutcome.SUCCEEDED.text()
                            : BackfillOutcome.FAILED.text() + ": exit code " + terminated.getExitCode()
                                    + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")"),
                    null,
                    null,
                    null);
        }
        BackfillSummary summary = written.get();
        return new LastReconciliation(
                summary.time() != null ? summary.time().toString() : terminated.getFinishedAt(),
                summary.listed(),
                summary.missing(),
                summary.recovered(),
                summary.outcome() == BackfillOutcome.FAILED
                                && !summary.message().isEmpty()
                        ? BackfillOutcome.FAILED.text() + ": " + summary.message()
                        : summary.outcome().text(),
                summary.unsubscribed(),
                summary.versionMismatches(),
                summary.accounts());
    }
}
