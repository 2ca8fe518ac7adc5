package dev.stripeoperator.operator.status;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stripeoperator.operator.endpoint.LastReconciliation;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Reads {@code status.lastReconciliation} from the pods of an endpoint's reconcile Jobs: the summary the
 * {@code reconcile} command leaves as its container termination message, which the kubelet copies into
 * {@code status.containerStatuses[].state.terminated.message}. The reconcile pods need no Kubernetes API rights
 * for it; the contract of the JSON is in docs/reconcile.md.
 */
public final class ReconcileRuns {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUCCEEDED = "Succeeded";
    private static final String FAILED = "Failed";

    private ReconcileRuns() {
    }

    /**
     * The summary of the run that finished last among these pods, unless {@code shown} (the status so far) is of a
     * later run whose pod is gone already; empty while no run has finished.
     */
    public static Optional<LastReconciliation> latest(Collection<Pod> pods, Optional<LastReconciliation> shown) {
        Optional<LastReconciliation> fromPods = pods.stream()
                .flatMap(pod -> finished(pod).stream())
                .filter(terminated -> !isDryRun(terminated))
                .max(Comparator.comparing(ReconcileRuns::finishedAt))
                .map(ReconcileRuns::summary);
        if (fromPods.isEmpty() || shown.isEmpty()) {
            return fromPods.or(() -> shown);
        }
        return instant(shown.get().time()).isAfter(instant(fromPods.get().time())) ? shown : fromPods;
    }

    private static Optional<ContainerStateTerminated> finished(Pod pod) {
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
        return parse(terminated.getMessage()).map(summary -> summary.path("dryRun").asBoolean(false)).orElse(false);
    }

    private static Instant finishedAt(ContainerStateTerminated terminated) {
        return instant(terminated.getFinishedAt());
    }

    /** An RFC 3339 time; {@link Instant#MIN} when absent or malformed, so that it never wins. */
    private static Instant instant(String time) {
        try {
            return time == null ? Instant.MIN : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    private static LastReconciliation summary(ContainerStateTerminated terminated) {
        Optional<JsonNode> written = parse(terminated.getMessage());
        if (written.isEmpty()) {
            // Ended before it could write its summary (OOM kill, deadline, eviction): the exit is all there is.
            boolean succeeded = Integer.valueOf(0).equals(terminated.getExitCode());
            return new LastReconciliation(terminated.getFinishedAt(), null, null, null, succeeded
                    ? SUCCEEDED
                    : FAILED + ": exit code " + terminated.getExitCode()
                            + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")"),
                    null, null, null);
        }
        JsonNode summary = written.get();
        String outcome = SUCCEEDED.equals(summary.path("outcome").asText()) ? SUCCEEDED : FAILED;
        String message = summary.path("message").asText("");
        return new LastReconciliation(
                summary.hasNonNull("time") ? summary.get("time").asText() : terminated.getFinishedAt(),
                count(summary, "listed"),
                count(summary, "missing"),
                count(summary, "recovered"),
                outcome.equals(FAILED) && !message.isEmpty() ? FAILED + ": " + message : outcome,
                count(summary, "unsubscribed"),
                count(summary, "versionMismatches"),
                count(summary, "accounts"));
    }

    /** The summary object, or empty when the message is not one (a crash's last log lines, say). */
    private static Optional<JsonNode> parse(String message) {
        if (message == null || message.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(message);
            return node != null && node.isObject() && node.has("outcome") ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Long count(JsonNode summary, String field) {
        JsonNode value = summary.get(field);
        return value != null && value.canConvertToLong() ? value.asLong() : null;
    }
}
