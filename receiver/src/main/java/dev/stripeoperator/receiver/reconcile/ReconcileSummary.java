package dev.stripeoperator.receiver.reconcile;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The result of one run: the summary log line, and the JSON the operator copies into
 * {@code status.lastReconciliation} (the shape is a contract with the operator; see docs/reconcile.md).
 *
 * @param time           when the run ended
 * @param listed         events Stripe listed in the window
 * @param alreadyPresent listed events the table already held (delivered by webhook, or by an earlier run)
 * @param recovered      missing events stored as pending, so the delivery worker forwards them
 * @param ignored        missing events stored as ignored (type not in ENABLED_EVENTS)
 * @param refused        missing events the database would not take (named in the message)
 * @param wrongMode      listed events of the other mode (test vs live), skipped
 * @param outcome        whether the run got through the whole window
 * @param message        what happened, for a human; never a secret
 * @param duration       how long the run took
 */
public record ReconcileSummary(
        Instant time,
        int listed,
        int alreadyPresent,
        int recovered,
        int ignored,
        int refused,
        int wrongMode,
        Outcome outcome,
        String message,
        Duration duration) {

    /** Kubernetes keeps at most 4096 bytes of a termination message; the counts must always fit. */
    private static final int MAX_MESSAGE_CHARS = 1024;

    /** Whether the run completed. */
    public enum Outcome {
        Succeeded, Failed
    }

    /** Listed events the table lacked: recovered, ignored and refused. */
    public int missing() {
        return recovered + ignored + refused;
    }

    /** The JSON written to the termination message. */
    public String toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        json.addProperty("listed", listed);
        json.addProperty("alreadyPresent", alreadyPresent);
        json.addProperty("missing", missing());
        json.addProperty("recovered", recovered);
        json.addProperty("ignored", ignored);
        json.addProperty("wrongMode", wrongMode);
        json.addProperty("outcome", outcome.name());
        json.addProperty("message", message.length() <= MAX_MESSAGE_CHARS
                ? message
                : message.substring(0, MAX_MESSAGE_CHARS - 1) + "…");
        return json.toString();
    }

    /** The one summary line at the end of a run. */
    public String line(String endpoint) {
        return String.format(Locale.ROOT,
                "reconcile %s: endpoint=%s listed=%d alreadyPresent=%d missing=%d recovered=%d ignored=%d"
                        + " refused=%d wrongMode=%d duration=%.1fs: %s",
                outcome == Outcome.Succeeded ? "succeeded" : "failed", endpoint, listed, alreadyPresent, missing(),
                recovered, ignored, refused, wrongMode, duration.toMillis() / 1000.0, message);
    }
}
