package dev.stripeoperator.contract;

import java.util.Locale;
import java.util.Optional;

/**
 * The kind of events a Stripe endpoint delivers, in the words of Stripe's event destinations ({@code event_payload}),
 * plus {@link #BOTH} for a receiver that two destinations deliver to; the value of
 * {@link ReceiverSetting#RECONCILE_EVENT_PAYLOAD}.
 */
public enum EventPayload {
    /** Classic events ({@code "object":"event"}) carrying the object's data. */
    SNAPSHOT,
    /** Thin events ({@code "object":"v2.core.event"}) naming the related object. */
    THIN,
    /** Both kinds. */
    BOTH;

    /** The value as written in settings and the resource. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The payload a setting's value names, if it names one. */
    public static Optional<EventPayload> of(String word) {
        for (EventPayload payload : values()) {
            if (payload.word().equals(word)) {
                return Optional.of(payload);
            }
        }
        return Optional.empty();
    }

    /** Whether events listed at {@code /v1/events} are the endpoint's. */
    public boolean snapshots() {
        return this != THIN;
    }

    /** Whether events listed at {@code /v2/core/events} are the endpoint's. */
    public boolean thin() {
        return this != SNAPSHOT;
    }
}
