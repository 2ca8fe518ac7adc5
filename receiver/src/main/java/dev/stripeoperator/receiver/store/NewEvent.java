package dev.stripeoperator.receiver.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.stripeoperator.contract.ReceiverCommand;

/**
 * A verified Stripe event about to be stored: its identity, what the filters decided, and the exact bytes Stripe
 * signed ({@code body}) with their text ({@code payload}, the same bytes decoded as UTF-8).
 *
 * @param apiVersionMismatch the payload is rendered at another API version than the Stripe endpoint's (only events
 *                           recovered by a backfill can be; the sink is told with a header)
 * @param thin               present for a thin event ({@code v2.core.event}): its context and related object
 */
public record NewEvent(
        String endpoint,
        String id,
        String type,
        boolean livemode,
        String apiVersion,
        Instant created,
        String payload,
        byte[] body,
        Source source,
        Status status,
        boolean apiVersionMismatch,
        Optional<ThinEventDetails> thin) {

    /** A snapshot event whose bytes are its text in UTF-8 (tests). */
    public NewEvent(
            String endpoint,
            String id,
            String type,
            boolean livemode,
            String apiVersion,
            Instant created,
            String payload,
            Source source,
            Status status,
            boolean apiVersionMismatch) {
        this(
                endpoint,
                id,
                type,
                livemode,
                apiVersion,
                created,
                payload,
                payload.getBytes(StandardCharsets.UTF_8),
                source,
                status,
                apiVersionMismatch,
                Optional.empty());
    }

    /** An event at the endpoint's version whose bytes are its text in UTF-8 (tests). */
    public NewEvent(
            String endpoint,
            String id,
            String type,
            boolean livemode,
            String apiVersion,
            Instant created,
            String payload,
            Source source,
            Status status) {
        this(endpoint, id, type, livemode, apiVersion, created, payload, source, status, false);
    }

    /** The same event without its content: a payload may hold a customer's name or email. */
    @Override
    public String toString() {
        return "NewEvent[endpoint=" + endpoint + ", id=" + id + ", type=" + type + ", livemode=" + livemode
                + ", created=" + created + ", bytes=" + body.length + ", source=" + source + ", status=" + status
                + ", apiVersionMismatch=" + apiVersionMismatch + ", thin=" + thin.isPresent() + "]";
    }

    /** The {@code kind} column: {@code thin} for a thin event, {@code snapshot} for the classic one. */
    public String kind() {
        return ThinEventDetails.kind(thin);
    }

    /** How the event reached the receiver, as the {@code source} column says it. */
    public enum Source {
        /** Delivered by Stripe. */
        WEBHOOK("webhook"),
        /** Recovered by a backfill; the column keeps the name of the {@code reconcile} command. */
        BACKFILL(ReceiverCommand.RECONCILE.word());

        private final String column;

        Source(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }
    }

    /** The row's forwarding state; {@code delivered} means the sink took it. */
    public enum Status {
        PENDING,
        DELIVERED,
        IGNORED,
        FAILED,
        DEAD,
        /** A dead letter a person gave up on ({@code discard}); never forwarded again. */
        DISCARDED;

        /**
         * The states nothing more happens to: the sink took the event, it was never to be sent, or a person discarded
         * it. Only these rows may be deleted by retention; pending, failed and dead rows (the undelivered) stay until
         * forwarded, replayed or discarded.
         */
        public static final Set<Status> FINAL = Collections.unmodifiableSet(EnumSet.of(DELIVERED, IGNORED, DISCARDED));

        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The states as an SQL list of their column values, for {@code status IN (...)}. */
        public static String sqlList(Set<Status> states) {
            return states.stream().map(state -> "'" + state.column() + "'").collect(Collectors.joining(", "));
        }
    }
}
