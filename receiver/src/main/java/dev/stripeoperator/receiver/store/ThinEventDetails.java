package dev.stripeoperator.receiver.store;

import java.util.Optional;

/**
 * What a thin event ({@code "object": "v2.core.event"}) says besides its envelope: the account context it happened
 * in and the object it is about (id, type and API path), each absent when Stripe leaves it out.
 */
public record ThinEventDetails(
        Optional<String> context,
        Optional<String> relatedObjectId,
        Optional<String> relatedObjectType,
        Optional<String> relatedObjectUrl) {

    /** The kind an event is stored and counted as: {@code thin} with these details, {@code snapshot} without. */
    public static String kind(Optional<ThinEventDetails> thin) {
        return thin.isPresent() ? "thin" : "snapshot";
    }
}
