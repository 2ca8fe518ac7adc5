package dev.stripeoperator.receiver.backfill;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The result of one run: the summary log line, and the JSON the operator copies into
 * {@code status.lastReconciliation} (the shape is a contract with the operator; see docs/reconcile.md).
 *
 * @param time     when the run ended
 * @param counts   what the run listed, found and stored
 * @param outcome  whether the run got through the whole window
 * @param message  what happened, for a human; never a secret
 * @param duration how long the run took
 * @param dryRun   the run only listed what it would store; the operator leaves the status alone
 */
public record ReconcileSummary(
        Instant time,
        BackfillCounts counts,
        Outcome outcome,
        String message,
        Duration duration,
        boolean dryRun) {

    /** Kubernetes keeps at most 4096 bytes of a termination message; the counts must always fit. */
    private static final int MAX_MESSAGE_CHARS = 1024;

    /** Whether the run completed. */
    public enum Outcome {
        Succeeded, Failed
    }

    /** The JSON written to the termination message. */
    public String toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        json.addProperty("listed", counts.listed());
        json.addProperty("alreadyPresent", counts.alreadyPresent());
        json.addProperty("missing", counts.missing());
        json.addProperty("recovered", counts.recovered());
        json.addProperty("ignored", counts.ignored());
        json.addProperty("wrongMode", counts.wrongMode());
        json.addProperty("unsubscribed", counts.unsubscribed());
        json.addProperty("versionMismatches", counts.versionMismatches());
        json.addProperty("accounts", counts.accounts());
        if (dryRun) {
            json.addProperty("dryRun", true);
        }
        json.addProperty("outcome", outcome.name());
        json.addProperty("message", message.length() <= MAX_MESSAGE_CHARS
                ? message
                : message.substring(0, MAX_MESSAGE_CHARS - 1) + "…");
        return json.toString();
    }

    /** The one summary line at the end of a run. */
    public String line(String endpoint) {
        return String.format(Locale.ROOT,
                "reconcile%s %s: endpoint=%s listed=%d alreadyPresent=%d missing=%d recovered=%d ignored=%d"
                        + " refused=%d wrongMode=%d unsubscribed=%d versionMismatches=%d accounts=%d duration=%.1fs: %s",
                dryRun ? " dry run" : "", outcome == Outcome.Succeeded ? "succeeded" : "failed", endpoint,
                counts.listed(), counts.alreadyPresent(), counts.missing(), counts.recovered(), counts.ignored(),
                counts.refused(), counts.wrongMode(), counts.unsubscribed(), counts.versionMismatches(),
                counts.accounts(), duration.toMillis() / 1000.0, message);
    }
}
