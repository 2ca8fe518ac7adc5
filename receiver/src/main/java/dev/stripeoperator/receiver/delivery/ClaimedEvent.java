package dev.stripeoperator.receiver.delivery;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored event that this worker has leased for one delivery attempt; {@code attempt} counts this one.
 *
 * @param mismatchedApiVersion the API version the payload is rendered at, when reconcile marked it as another one
 *                             than the Stripe endpoint's
 */
public record ClaimedEvent(String id, String type, Instant created, String payload, int attempt, UUID claimToken,
        Optional<String> mismatchedApiVersion) {
}
