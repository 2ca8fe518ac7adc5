package dev.stripeoperator.receiver.backfill;

import java.time.Instant;
import java.util.Optional;

/**
 * One event from Stripe's events list: the fields the store needs and the event's JSON as Stripe sent it.
 *
 * @param account the connected account whose list held the event; empty for the platform's own events
 */
record ListedEvent(String id, String type, boolean livemode, String apiVersion, Instant created, String rawJson,
        Optional<String> account) {

    /** Without the JSON, which may hold a customer's name or email. */
    @Override
    public String toString() {
        return "ListedEvent[id=" + id + ", type=" + type + ", livemode=" + livemode + ", created=" + created
                + ", account=" + account.orElse("") + "]";
    }
}
