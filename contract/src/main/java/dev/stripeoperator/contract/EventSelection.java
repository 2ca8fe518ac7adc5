package dev.stripeoperator.contract;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How the receiver's {@code list}, {@code replay} and {@code discard} commands select stored events of their endpoint,
 * and what a run records: the options as written on their command line (the operator passes them to the Jobs of a
 * StripeWebhookReplay) and the statuses of the {@code stripe_events} table they select by.
 */
public final class EventSelection {

    /** An event id ({@code evt_...}); repeatable; not combined with the other selectors. */
    public static final String ID = "--id";
    /** Events in this status; repeatable; {@link #DEFAULT_STATUS} unless ids are given. */
    public static final String STATUS = "--status";
    /** Events of this type, {@code *} wildcards as in {@code ENABLED_EVENTS}; repeatable. */
    public static final String TYPE = "--type";
    /** Events received at or after this time (RFC 3339). */
    public static final String SINCE = "--since";
    /** Events received before this time (RFC 3339). */
    public static final String UNTIL = "--until";
    /** Events Stripe created at or after this time (RFC 3339). */
    public static final String CREATED_SINCE = "--created-since";
    /** Events Stripe created before this time (RFC 3339). */
    public static final String CREATED_UNTIL = "--created-until";
    /** Report what would change and change nothing. */
    public static final String DRY_RUN = "--dry-run";
    /** Who asked for the run, recorded with it. */
    public static final String BY = "--by";
    /** Why, recorded with the run; {@code discard} requires it. */
    public static final String REASON = "--reason";
    /** {@code list}: print at most this many events. */
    public static final String LIMIT = "--limit";

    /** Longest {@link #BY} and {@link #REASON}, one line each: a sentence, not a document. */
    public static final int MAX_TEXT = 500;

    /** A stored event's status, as the {@code stripe_events} table writes it. */
    public enum Status {
        /** New or replayed, waiting for its first attempt. */
        PENDING,
        /** An attempt failed; the next is due later. */
        FAILED,
        /** Forwarded, and the sink took it. */
        DELIVERED,
        /** Forwarding given up: a dead letter. */
        DEAD,
        /** Never forwarded: of a type not enabled, or of the other mode. */
        IGNORED,
        /** Given up for good by a person ({@code discard}); final. */
        DISCARDED;

        /** As the table and the command line write it. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status this word names. */
        public static Optional<Status> of(String word) {
            return Arrays.stream(values()).filter(s -> s.word().equals(word)).findFirst();
        }
    }

    /** What a selection without ids and without a status selects: the dead letters. */
    public static final Status DEFAULT_STATUS = Status.DEAD;

    /** What {@code replay} puts back to pending; other statuses are left alone. */
    public static final Set<Status> REPLAYABLE =
            Set.copyOf(EnumSet.of(Status.FAILED, Status.DELIVERED, Status.DEAD, Status.DISCARDED));

    /** What {@code discard} gives up; delivered, ignored and discarded events are final already. */
    public static final Set<Status> DISCARDABLE = Set.copyOf(EnumSet.of(Status.PENDING, Status.FAILED, Status.DEAD));

    private EventSelection() {}
}
