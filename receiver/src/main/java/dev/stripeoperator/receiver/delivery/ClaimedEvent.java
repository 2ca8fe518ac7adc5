package dev.stripeoperator.receiver.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored event that this worker has leased for one delivery attempt; {@code attempt} counts this one.
 */
public record ClaimedEvent(String id, String type, Instant created, String payload, int attempt, UUID claimToken) {
}
