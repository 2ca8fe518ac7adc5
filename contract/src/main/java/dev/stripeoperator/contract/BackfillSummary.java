package dev.stripeoperator.contract;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a backfill run leaves as its container's termination message, which the operator copies into
 * {@code status.lastReconciliation}. A count is null when the run that wrote the summary predates it; the JSON a
 * receiver writes is always read by an operator of the same or a later version.
 *
 * @param time              when the run ended; null when not given
 * @param listed            events Stripe listed in the window
 * @param alreadyPresent    listed events the table already held
 * @param missing           listed events the table lacked: recovered, ignored and refused
 * @param recovered         missing events stored for forwarding
 * @param ignored           missing events stored as ignored
 * @param wrongMode         listed events of the other mode, skipped
 * @param unsubscribed      listed events of types the Stripe endpoint does not subscribe to, skipped
 * @param versionMismatches stored events rendered at another API version than the Stripe endpoint's
 * @param accounts          connected accounts listed to the end
 * @param outcome           whether the run got through the whole window
 * @param message           what happened, for people; never a secret
 * @param dryRun            the run stored nothing; the operator leaves the status alone
 */
public record BackfillSummary(
        Instant time,
        Long listed,
        Long alreadyPresent,
        Long missing,
        Long recovered,
        Long ignored,
        Long wrongMode,
        Long unsubscribed,
        Long versionMismatches,
        Long accounts,
        BackfillOutcome outcome,
        String message,
        boolean dryRun) {

    /** The kubelet keeps at most 4096 bytes of a termination message; with the message cut to this, the rest fits. */
    public static final int MAX_MESSAGE_CHARS = FlatJson.MAX_MESSAGE_CHARS;

    private static final String TIME = "time";
    private static final String LISTED = "listed";
    private static final String ALREADY_PRESENT = "alreadyPresent";
    private static final String MISSING = "missing";
    private static final String RECOVERED = "recovered";
    private static final String IGNORED = "ignored";
    private static final String WRONG_MODE = "wrongMode";
    private static final String UNSUBSCRIBED = "unsubscribed";
    private static final String VERSION_MISMATCHES = "versionMismatches";
    private static final String ACCOUNTS = "accounts";
    private static final String DRY_RUN = "dryRun";
    private static final String OUTCOME = "outcome";
    private static final String MESSAGE = "message";

    /** The termination message: time in whole seconds, the counts that are known, the message cut to fit. */
    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        FlatJson.putTime(fields, TIME, time);
        FlatJson.putCount(fields, LISTED, listed);
        FlatJson.putCount(fields, ALREADY_PRESENT, alreadyPresent);
        FlatJson.putCount(fields, MISSING, missing);
        FlatJson.putCount(fields, RECOVERED, recovered);
        FlatJson.putCount(fields, IGNORED, ignored);
        FlatJson.putCount(fields, WRONG_MODE, wrongMode);
        FlatJson.putCount(fields, UNSUBSCRIBED, unsubscribed);
        FlatJson.putCount(fields, VERSION_MISMATCHES, versionMismatches);
        FlatJson.putCount(fields, ACCOUNTS, accounts);
        if (dryRun) {
            fields.put(DRY_RUN, true);
        }
        fields.put(OUTCOME, outcome.text());
        fields.put(MESSAGE, FlatJson.cut(message));
        return FlatJson.write(fields);
    }

    /**
     * The summary in a termination message, written by this or an earlier receiver; empty when the message is none
     * (a run that crashed leaves its last log lines there). An outcome other than {@code Succeeded} reads as failed;
     * unknown fields are passed over.
     */
    public static Optional<BackfillSummary> fromJson(String message) {
        return FlatJson.readObject(message)
                .filter(fields -> fields.get(OUTCOME) instanceof String)
                .map(fields -> new BackfillSummary(
                        FlatJson.instant(fields.get(TIME)),
                        FlatJson.count(fields.get(LISTED)),
                        FlatJson.count(fields.get(ALREADY_PRESENT)),
                        FlatJson.count(fields.get(MISSING)),
                        FlatJson.count(fields.get(RECOVERED)),
                        FlatJson.count(fields.get(IGNORED)),
                        FlatJson.count(fields.get(WRONG_MODE)),
                        FlatJson.count(fields.get(UNSUBSCRIBED)),
                        FlatJson.count(fields.get(VERSION_MISMATCHES)),
                        FlatJson.count(fields.get(ACCOUNTS)),
                        BackfillOutcome.read(fields.get(OUTCOME)),
                        fields.get(MESSAGE) instanceof String text ? text : "",
                        Boolean.TRUE.equals(fields.get(DRY_RUN))));
    }
}
