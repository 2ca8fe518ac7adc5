package dev.stripeoperator.receiver.deadletters;

import java.time.Instant;
import java.util.Optional;

import dev.stripeoperator.contract.EventSelection.Status;

/**
 * A stored event as the commands show it: never its payload.
 *
 * @param id         the Stripe event id
 * @param type       its type
 * @param status     where forwarding stands
 * @param attempts   forwarding attempts made
 * @param created    when Stripe created it
 * @param lastError  why the last attempt failed; null when none did
 * @param inFlight   a replica holds a live lease on it and is sending it now
 * @param lastAction the last replay or discard of it, in words; empty when none
 */
record StoredEvent(
        String id,
        String type,
        Status status,
        int attempts,
        Instant created,
        String lastError,
        boolean inFlight,
        Optional<String> lastAction) {}
