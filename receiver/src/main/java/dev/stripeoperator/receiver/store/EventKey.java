package dev.stripeoperator.receiver.store;

/** The dedupe key of a stored event: one row per (endpoint, Stripe event id). */
public record EventKey(String endpoint, String id) {

    /** The key of this event. */
    public static EventKey of(NewEvent event) {
        return new EventKey(event.endpoint(), event.id());
    }
}
