package dev.stripeoperator.receiver.deadletters;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.stripeoperator.contract.EventSelection;
import dev.stripeoperator.contract.EventSelection.Status;
import dev.stripeoperator.contract.ReceiverCommand;

import static dev.stripeoperator.contract.EventSelection.BY;
import static dev.stripeoperator.contract.EventSelection.CREATED_SINCE;
import static dev.stripeoperator.contract.EventSelection.CREATED_UNTIL;
import static dev.stripeoperator.contract.EventSelection.DRY_RUN;
import static dev.stripeoperator.contract.EventSelection.ID;
import static dev.stripeoperator.contract.EventSelection.LIMIT;
import static dev.stripeoperator.contract.EventSelection.REASON;
import static dev.stripeoperator.contract.EventSelection.SINCE;
import static dev.stripeoperator.contract.EventSelection.STATUS;
import static dev.stripeoperator.contract.EventSelection.TYPE;
import static dev.stripeoperator.contract.EventSelection.UNTIL;

/**
 * The command line of {@code list}, {@code replay} or {@code discard}: one selection syntax for the three, and the
 * options each takes besides.
 *
 * @param selection which events
 * @param dryRun    replay and discard: report, change nothing
 * @param by        replay and discard: who asked; empty: the operating system's user
 * @param reason    replay and discard: why
 * @param limit     list: most events printed
 */
record EventOptions(Selection selection, boolean dryRun, Optional<String> by, Optional<String> reason, int limit) {

    /** How many events {@code list} prints unless told otherwise. */
    static final int DEFAULT_LIMIT = 100;

    static final int MAX_LIMIT = 100_000;

    private static final Set<String> SELECTORS = Set.of(ID, STATUS, TYPE, SINCE, UNTIL, CREATED_SINCE, CREATED_UNTIL);
    private static final Set<String> REPEATABLE = Set.of(ID, STATUS, TYPE);
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_.*-]+");

    /** The command line could not be understood; the message says why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** The statuses {@code command} may select by: all for list, those the action changes for replay and discard. */
    static Set<Status> selectable(ReceiverCommand command) {
        return switch (command) {
            case REPLAY -> EventSelection.REPLAYABLE;
            case DISCARD -> EventSelection.DISCARDABLE;
            default -> EnumSet.allOf(Status.class);
        };
    }

    /** Reads the arguments after the command's word. */
    static EventOptions parse(ReceiverCommand command, List<String> args) throws UsageException {
        boolean action = command == ReceiverCommand.REPLAY || command == ReceiverCommand.DISCARD;
        Set<String> known = new LinkedHashSet<>(SELECTORS);
        known.addAll(action ? List.of(DRY_RUN, BY, REASON) : List.of(LIMIT));
        List<String> ids = new ArrayList<>();
        Set<Status> statuses = EnumSet.noneOf(Status.class);
        List<String> types = new ArrayList<>();
        Set<String> given = new LinkedHashSet<>();
        Optional<Instant> since = Optional.empty();
        Optional<Instant> until = Optional.empty();
        Optional<Instant> createdSince = Optional.empty();
        Optional<Instant> createdUntil = Optional.empty();
        boolean dryRun = false;
        Optional<String> by = Optional.empty();
        Optional<String> reason = Optional.empty();
        int limit = DEFAULT_LIMIT;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (!known.contains(option)) {
                throw new UsageException(
                        option.startsWith("-")
                                ? "unknown option '" + option + "'"
                                : "unexpected argument '" + option + "'");
            }
            if (!given.add(option) && !REPEATABLE.contains(option)) {
                throw new UsageException(option + " may be given once");
            }
            if (option.equals(DRY_RUN)) {
                dryRun = true;
                continue;
            }
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                throw new UsageException(option + " needs a value");
            }
            String value = args.get(++i).trim();
            switch (option) {
                case ID -> {
                    if (!value.startsWith("evt_")) {
                        throw new UsageException(ID + " must be a Stripe event id (evt_...), got '" + value + "'");
                    }
                    ids.add(value);
                }
                case STATUS -> statuses.add(status(command, value));
                case TYPE -> {
                    if (!EVENT_TYPE.matcher(value).matches()) {
                        throw new UsageException(
                                TYPE + " must be an event type such as invoice.paid or invoice.*, got '" + value + "'");
                    }
                    types.add(value);
                }
                case SINCE -> since = Optional.of(time(option, value));
                case UNTIL -> until = Optional.of(time(option, value));
                case CREATED_SINCE -> createdSince = Optional.of(time(option, value));
                case CREATED_UNTIL -> createdUntil = Optional.of(time(option, value));
                case BY -> by = Optional.of(text(option, value));
                case REASON -> reason = Optional.of(text(option, value));
                case LIMIT -> limit = limit(value);
                default -> throw new IllegalStateException("option without a case: " + option);
            }
        }
        if (!ids.isEmpty() && given.stream().anyMatch(o -> SELECTORS.contains(o) && !o.equals(ID))) {
            throw new UsageException(ID + " cannot be combined with " + STATUS + ", " + TYPE + ", " + SINCE + ", "
                    + UNTIL + ", " + CREATED_SINCE + " or " + CREATED_UNTIL);
        }
        window(SINCE, since, UNTIL, until);
        window(CREATED_SINCE, createdSince, CREATED_UNTIL, createdUntil);
        if (ids.isEmpty() && statuses.isEmpty()) {
            statuses.add(EventSelection.DEFAULT_STATUS);
        }
        return new EventOptions(
                new Selection(
                        List.copyOf(new LinkedHashSet<>(ids)),
                        Set.copyOf(statuses),
                        List.copyOf(new LinkedHashSet<>(types)),
                        since,
                        until,
                        createdSince,
                        createdUntil),
                dryRun,
                by,
                reason,
                limit);
    }

    private static Status status(ReceiverCommand command, String value) throws UsageException {
        Set<Status> allowed = selectable(command);
        Optional<Status> status = Status.of(value).filter(allowed::contains);
        if (status.isEmpty()) {
            throw new UsageException(STATUS + " must be "
                    + allowed.stream().sorted().map(Status::word).collect(Collectors.joining(", "))
                    + (command == ReceiverCommand.LIST ? "" : " for " + command.word()) + ", got '" + value + "'");
        }
        return status.get();
    }

    private static Instant time(String option, String value) throws UsageException {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException(
                    option + " must be an RFC 3339 time such as 2026-11-23T14:00:00Z, got '" + value + "'");
        }
    }

    private static void window(String fromOption, Optional<Instant> from, String toOption, Optional<Instant> to)
            throws UsageException {
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            throw new UsageException(toOption + " must be later than " + fromOption);
        }
    }

    private static String text(String option, String value) throws UsageException {
        if (value.isEmpty()
                || value.length() > EventSelection.MAX_TEXT
                || value.chars().anyMatch(Character::isISOControl)) {
            throw new UsageException(option + " must be one line of 1 to " + EventSelection.MAX_TEXT
                    + " characters, got '" + value + "'");
        }
        return value;
    }

    private static int limit(String value) throws UsageException {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 0 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the message below says what it takes
        }
        throw new UsageException(LIMIT + " must be a number from 0 to " + MAX_LIMIT + ", got '" + value + "'");
    }
}
