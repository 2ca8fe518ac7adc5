package dev.stripeoperator.receiver.reconcile;

import java.time.Instant;

/** One event from Stripe's events list: the fields the store needs and the event's JSON as Stripe sent it. */
record ListedEvent(String id, String type, boolean livemode, String apiVersion, Instant created, String rawJson) {

    /** Without the JSON, which may hold a customer's name or email. */
    @Override
    public String toString() {
        return "ListedEvent[id=" + id + ", type=" + type + ", livemode=" + livemode + ", created=" + created + "]";
    }
}
