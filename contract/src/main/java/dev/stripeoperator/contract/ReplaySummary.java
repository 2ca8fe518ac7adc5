package dev.stripeoperator.contract;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code replay} or {@code discard} run leaves as its container's termination message, which the operator
 * copies into the status of the StripeWebhookReplay that ran it. A count is null when unknown.
 *
 * @param time     when the run ended; null when not given
 * @param action   {@link ReceiverCommand#REPLAY} or {@link ReceiverCommand#DISCARD}
 * @param matched  stored events the selection matched
 * @param changed  matched events replayed (put back to pending) or discarded; with a dry run, those that would be
 * @param skipped  matched events left as they were: being forwarded right now, or in a status the action leaves alone
 * @param failed   matched events the run did not reach because it failed
 * @param outcome  whether the run got through every matched event
 * @param message  what happened, for people; never a secret or a payload
 * @param dryRun   the run changed nothing
 */
public record ReplaySummary(
        Instant time,
        ReceiverCommand action,
        Long matched,
        Long changed,
        Long skipped,
        Long failed,
        BackfillOutcome outcome,
        String message,
        boolean dryRun) {

    private static final String TIME = "time";
    private static final String ACTION = "action";
    private static final String MATCHED = "matched";
    private static final String REPLAYED = "replayed";
    private static final String DISCARDED = "discarded";
    private static final String SKIPPED = "skipped";
    private static final String FAILED = "failed";
    private static final String DRY_RUN = "dryRun";
    private static final String OUTCOME = "outcome";
    private static final String MESSAGE = "message";

    /** A summary of one of the two actions. */
    public ReplaySummary {
        if (action != ReceiverCommand.REPLAY && action != ReceiverCommand.DISCARD) {
            throw new IllegalArgumentException("not an action on stored events: " + action);
        }
    }

    /** The termination message: time in whole seconds, the counts that are known, the message cut to fit. */
    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        FlatJson.putTime(fields, TIME, time);
        fields.put(ACTION, action.word());
        FlatJson.putCount(fields, MATCHED, matched);
        FlatJson.putCount(fields, changedField(action), changed);
        FlatJson.putCount(fields, SKIPPED, skipped);
        FlatJson.putCount(fields, FAILED, failed);
        if (dryRun) {
            fields.put(DRY_RUN, true);
        }
        fields.put(OUTCOME, outcome.text());
        fields.put(MESSAGE, FlatJson.cut(message));
        return FlatJson.write(fields);
    }

    /**
     * The summary in a termination message; empty when the message is none (a run that crashed leaves its last log
     * lines there) or is another command's. An outcome other than {@code Succeeded} reads as failed; unknown fields
     * are passed over.
     */
    public static Optional<ReplaySummary> fromJson(String message) {
        return FlatJson.readObject(message)
                .filter(fields -> fields.get(OUTCOME) instanceof String)
                .flatMap(fields -> Optional.ofNullable(fields.get(ACTION) instanceof String word ? word : null)
                        .flatMap(ReceiverCommand::of)
                        .filter(action -> action == ReceiverCommand.REPLAY || action == ReceiverCommand.DISCARD)
                        .map(action -> new ReplaySummary(
                                FlatJson.instant(fields.get(TIME)),
                                action,
                                FlatJson.count(fields.get(MATCHED)),
                                FlatJson.count(fields.get(changedField(action))),
                                FlatJson.count(fields.get(SKIPPED)),
                                FlatJson.count(fields.get(FAILED)),
                                BackfillOutcome.read(fields.get(OUTCOME)),
                                fields.get(MESSAGE) instanceof String text ? text : "",
                                Boolean.TRUE.equals(fields.get(DRY_RUN)))));
    }

    /** {@code replayed} or {@code discarded}: the field that counts the changed events, named for the action. */
    private static String changedField(ReceiverCommand action) {
        return action == ReceiverCommand.REPLAY ? REPLAYED : DISCARDED;
    }
}
