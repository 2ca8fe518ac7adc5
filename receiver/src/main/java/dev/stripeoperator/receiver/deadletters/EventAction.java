package dev.stripeoperator.receiver.deadletters;

import java.util.Set;

import dev.stripeoperator.contract.EventSelection;
import dev.stripeoperator.contract.EventSelection.Status;
import dev.stripeoperator.contract.ReceiverCommand;

import static dev.stripeoperator.contract.ReceiverSetting.ENABLED_EVENTS;

/** What {@code replay} and {@code discard} do to a selected row, and the words they report it with. */
enum EventAction {
    /** Back to pending, attempts reset and due now: the running receivers forward it again. */
    REPLAY(
            ReceiverCommand.REPLAY,
            EventSelection.REPLAYABLE,
            "status = 'pending', attempts = 0, next_attempt_at = now(), claim_token = NULL",
            "replayed",
            "would replay",
            Usage.REPLAY),
    /** Given up for good: never claimed again, and final for retention. */
    DISCARD(
            ReceiverCommand.DISCARD,
            EventSelection.DISCARDABLE,
            "status = 'discarded', next_attempt_at = NULL, claim_token = NULL",
            "discarded",
            "would discard",
            Usage.DISCARD);

    private final ReceiverCommand command;
    private final Set<Status> changes;
    private final String assignments;
    private final String done;
    private final String wouldDo;
    private final String usage;

    EventAction(
            ReceiverCommand command,
            Set<Status> changes,
            String assignments,
            String done,
            String wouldDo,
            String usage) {
        this.command = command;
        this.changes = changes;
        this.assignments = assignments;
        this.done = done;
        this.wouldDo = wouldDo;
        this.usage = usage;
    }

    ReceiverCommand command() {
        return command;
    }

    /** The statuses it changes; a selected row in another status is skipped. */
    Set<Status> changes() {
        return changes;
    }

    /** The SET clause that does it to a row. */
    String assignments() {
        return assignments;
    }

    /** The past participle the report uses: replayed, discarded. */
    String done() {
        return done;
    }

    /** What a dry run reports: would replay, would discard. */
    String wouldDo() {
        return wouldDo;
    }

    String usage() {
        return usage;
    }

    /** Why a selected row in {@code status} is left alone. */
    String skipReason(Status status) {
        return switch (status) {
            case PENDING -> "already pending";
            case IGNORED -> "ignored (not in " + ENABLED_EVENTS + "), never forwarded";
            case DELIVERED -> "already delivered";
            case DISCARDED -> "already discarded";
            default -> status.word() + " events are not " + done;
        };
    }
}
