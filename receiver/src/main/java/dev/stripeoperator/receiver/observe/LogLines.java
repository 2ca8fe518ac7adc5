package dev.stripeoperator.receiver.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import dev.stripeoperator.contract.Fingerprint;
import dev.stripeoperator.contract.LogKey;
import dev.stripeoperator.contract.LogLine;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReplaySummary;
import dev.stripeoperator.contract.SigningKeys;

/**
 * Every kind of line the receiver logs, in the contract's {@link LogLine} format and key set, so that one test can
 * parse a sample of each. Values are what the lines say they are: event ids, types, outcomes, reasons and errors,
 * never payloads or secrets (signing secrets appear as fingerprints only).
 */
public final class LogLines {

    private LogLines() {}

    /** A delivery from Stripe and its answer; event id, type and reason may be unknown (null). */
    public static LogLine delivery(
            String endpoint,
            String eventId,
            String type,
            DeliveryOutcome outcome,
            String reason,
            int status,
            long elapsedNanos) {
        LogLine line = aboutEvent("delivery", endpoint, eventId, type).with(LogKey.OUTCOME, outcome.code());
        if (reason != null) {
            line.with(LogKey.REASON, reason);
        }
        return line.with(LogKey.STATUS, status).latency(elapsedNanos);
    }

    /**
     * One forwarding attempt and its outcome; {@code reason} is null when the sink took the event, {@code retryIn}
     * null unless another attempt is scheduled. An outcome that could not be written (the lease ran out meanwhile)
     * says so.
     */
    public static LogLine forwardingAttempt(
            String endpoint,
            String eventId,
            String type,
            int attempt,
            String outcome,
            long elapsedNanos,
            String reason,
            Duration retryIn,
            boolean recorded) {
        LogLine line = aboutEvent("forwarding", endpoint, eventId, type)
                .with(LogKey.ATTEMPT, attempt)
                .with(LogKey.OUTCOME, outcome)
                .latency(elapsedNanos);
        if (reason != null) {
            line.with(LogKey.REASON, reason);
        }
        if (retryIn != null) {
            line.with(LogKey.RETRY_IN_MS, retryIn.toMillis());
        }
        if (!recorded) {
            line.with(LogKey.ERROR, "outcome not stored: the lease ran out and the event was taken over or replayed");
        }
        return line;
    }

    /** The forwarding side of an endpoint: it stopped, or a step failed and is tried again ({@code error}). */
    public static LogLine forwarding(String endpoint, String outcome, String error) {
        return LogLine.of("forwarding")
                .with(LogKey.ENDPOINT, endpoint)
                .with(LogKey.OUTCOME, outcome)
                .with(LogKey.ERROR, error);
    }

    /** The outcome of one attempt could not be written; the event is sent again when its lease runs out. */
    public static LogLine forwardingNotRecorded(String endpoint, String eventId, String type, String error) {
        return aboutEvent("forwarding", endpoint, eventId, type)
                .with(LogKey.OUTCOME, "not_recorded")
                .with(LogKey.ERROR, error);
    }

    /** The writer of attempt outcomes failed; the outcomes in hand are sent again when their leases run out. */
    public static LogLine forwardingWriterFailed(int outcomes, String error) {
        return LogLine.of("forwarding")
                .with(LogKey.OUTCOME, "writer_failed")
                .with(LogKey.EVENTS, outcomes)
                .with(LogKey.ERROR, error);
    }

    /** A retention sweep: how many rows it deleted, or why it failed. */
    public static LogLine retention(String endpoint, long deleted, String error) {
        LogLine line = LogLine.of("retention").with(LogKey.ENDPOINT, endpoint);
        return error == null
                ? line.with(LogKey.OUTCOME, "swept").with(LogKey.DELETED, deleted)
                : line.with(LogKey.OUTCOME, "failed").with(LogKey.ERROR, error);
    }

    /** The database at start: migrated and ready, or unreachable and tried again. */
    public static LogLine database(boolean ready, Duration retryIn, String error) {
        LogLine line = LogLine.of("database");
        return ready
                ? line.with(LogKey.OUTCOME, "ready")
                : line.with(LogKey.OUTCOME, "unavailable")
                        .with(LogKey.RETRY_IN_MS, retryIn.toMillis())
                        .with(LogKey.ERROR, error);
    }

    /** A group commit that failed: every delivery in it was answered 503. */
    public static LogLine groupCommitFailed(String outcome, int events, String error) {
        return LogLine.of("group_commit")
                .with(LogKey.OUTCOME, outcome)
                .with(LogKey.EVENTS, events)
                .with(LogKey.ERROR, error);
    }

    /** One event the database refused, alone: its delivery was answered 503. */
    public static LogLine groupCommitRefused(String endpoint, String eventId, String error) {
        return LogLine.of("group_commit")
                .with(LogKey.ENDPOINT, endpoint)
                .with(LogKey.EVENT_ID, eventId)
                .with(LogKey.OUTCOME, "refused")
                .with(LogKey.ERROR, error);
    }

    /** The signing secrets as loaded or changed, by fingerprint. */
    public static LogLine signingSecrets(String kind, String outcome, String source, SigningKeys keys) {
        boolean rotating = keys.previous() != null;
        return LogLine.of(kind)
                .with(LogKey.OUTCOME, outcome)
                .with(LogKey.SOURCE, source)
                .with(LogKey.CURRENT, Fingerprint.of(keys.current()))
                .with(LogKey.PREVIOUS, rotating ? Fingerprint.of(keys.previous()) : null)
                .with(
                        LogKey.PREVIOUS_EXPIRES_AT,
                        rotating ? keys.nextExpiry().map(Instant::toString).orElse("never") : null);
    }

    /** A problem with the signing secret files; the receiver keeps working on what it can use. */
    public static LogLine signingSecretsProblem(String kind, String source, String error) {
        return LogLine.of(kind)
                .with(LogKey.OUTCOME, "problem")
                .with(LogKey.SOURCE, source)
                .with(LogKey.ERROR, error);
    }

    /**
     * One listed event a backfill skipped, stored or could not store. {@code account}, {@code apiVersion},
     * {@code endpointApiVersion} (given only when they differ) and {@code error} may be null.
     */
    public static LogLine backfillEvent(
            String endpoint,
            String eventId,
            String type,
            String outcome,
            long ageSeconds,
            String account,
            String apiVersion,
            String endpointApiVersion,
            String error) {
        LogLine line = aboutEvent("backfill", endpoint, eventId, type)
                .with(LogKey.OUTCOME, outcome)
                .with(LogKey.AGE_S, ageSeconds);
        if (account != null) {
            line.with(LogKey.ACCOUNT, account);
        }
        if (endpointApiVersion != null) {
            line.with(LogKey.API_VERSION, apiVersion).with(LogKey.ENDPOINT_API_VERSION, endpointApiVersion);
        }
        if (error != null) {
            line.with(LogKey.ERROR, error);
        }
        return line;
    }

    /** A connected account Stripe would not list; the backfill goes on with the others. */
    public static LogLine backfillAccountSkipped(String endpoint, String account, String error) {
        return LogLine.of("backfill")
                .with(LogKey.ENDPOINT, endpoint)
                .with(LogKey.ACCOUNT, account)
                .with(LogKey.OUTCOME, "account_skipped")
                .with(LogKey.ERROR, error);
    }

    /** Something a backfill found that people should look at, with the count behind it. */
    public static LogLine backfillAlert(String endpoint, String outcome, LogKey count, long value, String message) {
        return LogLine.of("backfill")
                .with(LogKey.ENDPOINT, endpoint)
                .with(LogKey.OUTCOME, outcome)
                .with(count, value)
                .with(LogKey.MESSAGE, message);
    }

    /**
     * A run's summary could not be left where the kubelet reads it; the line's kind names the run: {@code backfill} for
     * {@code reconcile}, else the command.
     */
    public static LogLine terminationMessageNotWritten(ReceiverCommand command, String path, String error) {
        return LogLine.of(command == ReceiverCommand.RECONCILE ? "backfill" : command.word())
                .with(LogKey.OUTCOME, "summary_not_written")
                .with(LogKey.PATH, path)
                .with(LogKey.ERROR, error);
    }

    /**
     * A replay or discard run by a person, the counts it reached: who asked and why, and the audit trail's row
     * ({@code actionId}; null for a dry run, which changes and records nothing).
     */
    public static LogLine eventAction(
            ReplaySummary summary,
            String endpoint,
            String by,
            Optional<String> reason,
            Long actionId,
            Duration duration) {
        LogLine line = LogLine.of(summary.action().word())
                .with(LogKey.ENDPOINT, endpoint)
                .with(LogKey.OUTCOME, summary.outcome().text().toLowerCase(Locale.ROOT));
        if (summary.dryRun()) {
            line.with(LogKey.DRY_RUN, true);
        }
        line.with(LogKey.MATCHED, summary.matched())
                .with(
                        summary.action() == ReceiverCommand.REPLAY ? LogKey.REPLAYED : LogKey.DISCARDED,
                        summary.changed())
                .with(LogKey.SKIPPED, summary.skipped())
                .with(LogKey.FAILED, summary.failed())
                .with(LogKey.BY, by);
        reason.ifPresent(text -> line.with(LogKey.REASON, text));
        if (actionId != null) {
            line.with(LogKey.ACTION_ID, actionId);
        }
        return line.with(LogKey.DURATION_MS, duration.toMillis()).with(LogKey.MESSAGE, summary.message());
    }

    /** A line about one event: always its endpoint, id and type first. */
    private static LogLine aboutEvent(String kind, String endpoint, String eventId, String type) {
        return LogLine.of(kind)
                .with(LogKey.ENDPOINT, endpoint)
                .with(LogKey.EVENT_ID, eventId)
                .with(LogKey.TYPE, type);
    }

    /** The receiver takes deliveries. */
    public static LogLine listening(int port, String webhookPath) {
        return LogLine.of("receiver")
                .with(LogKey.OUTCOME, "listening")
                .with(LogKey.PORT, port)
                .with(LogKey.PATH, webhookPath);
    }
}
