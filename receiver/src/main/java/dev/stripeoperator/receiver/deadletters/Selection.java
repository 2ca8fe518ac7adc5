package dev.stripeoperator.receiver.deadletters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.stripeoperator.contract.EventSelection;
import dev.stripeoperator.contract.EventSelection.Status;

/**
 * Which stored events of the endpoint a command works on: named ones, or those of some statuses narrowed by type and by
 * time windows.
 *
 * @param ids          named events, in any status; when given, the other fields are empty
 * @param statuses     the statuses selected; empty when ids are named
 * @param types        event types, {@code *} wildcards; empty: every type
 * @param since        received at or after
 * @param until        received before
 * @param createdSince created by Stripe at or after
 * @param createdUntil created by Stripe before
 */
record Selection(
        List<String> ids,
        Set<Status> statuses,
        List<String> types,
        Optional<Instant> since,
        Optional<Instant> until,
        Optional<Instant> createdSince,
        Optional<Instant> createdUntil) {

    /** Whether events are named rather than selected by status. */
    boolean byIds() {
        return !ids.isEmpty();
    }

    /** The selection as the command line writes it, defaults spelled out: for the audit trail and the log. */
    String describe() {
        List<String> words = new ArrayList<>();
        ids.forEach(id -> words.addAll(List.of(EventSelection.ID, id)));
        statuses.stream().sorted().forEach(status -> words.addAll(List.of(EventSelection.STATUS, status.word())));
        types.forEach(type -> words.addAll(List.of(EventSelection.TYPE, type)));
        since.ifPresent(time -> words.addAll(List.of(EventSelection.SINCE, time.toString())));
        until.ifPresent(time -> words.addAll(List.of(EventSelection.UNTIL, time.toString())));
        createdSince.ifPresent(time -> words.addAll(List.of(EventSelection.CREATED_SINCE, time.toString())));
        createdUntil.ifPresent(time -> words.addAll(List.of(EventSelection.CREATED_UNTIL, time.toString())));
        return String.join(" ", words);
    }
}
