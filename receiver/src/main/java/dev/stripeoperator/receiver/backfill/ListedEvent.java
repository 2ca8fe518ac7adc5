package dev.stripeoperator.receiver.backfill;

import java.time.Instant;
import java.util.Optional;

import dev.stripeoperator.receiver.store.ThinEventDetails;

/**
 * One event from Stripe's events list: the fields the store needs and the event's JSON as Stripe sent it.
 *
 * @param account the connected account whose list held the event; empty for the platform's own events
 * @param thin    present for an event of the v2 events list ({@code /v2/core/events}): its context and related object
 */
record ListedEvent(
        String id,
        String type,
        boolean livemode,
        String apiVersion,
        Instant created,
        String rawJson,
        Optional<String> account,
        Optional<ThinEventDetails> thin) {

    /** A snapshot event of the v1 events list. */
    ListedEvent(
            String id,
            String type,
            boolean livemode,
            String apiVersion,
            Instant created,
            String rawJson,
            Optional<String> account) {
        this(id, type, livemode, apiVersion, created, rawJson, account, Optional.empty());
    }

    /** Without the JSON, which may hold a customer's name or email. */
    @Override
    public String toString() {
        return "ListedEvent[id=" + id + ", type=" + type + ", livemode=" + livemode + ", created=" + created
                + ", account=" + account.orElse("") + ", thin=" + thin.isPresent() + "]";
    }
}
