package dev.stripeoperator.receiver.forwarding;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored event that this worker has leased for one forwarding attempt: {@code body} is the exact bytes Stripe signed,
 * {@code attempt} counts this one.
 *
 * @param mismatchedApiVersion the API version the payload is rendered at, when reconcile marked it as another one
 *                             than the Stripe endpoint's
 * @param thin                 a thin event ({@code v2.core.event}), whose full event can be fetched from Stripe's API
 * @param context              the account a thin event happened in, when not the API key's own (a connected account):
 *                             its full event is found only there
 */
public record ClaimedEvent(
        String id,
        String type,
        Instant created,
        byte[] body,
        int attempt,
        UUID claimToken,
        Optional<String> mismatchedApiVersion,
        boolean thin,
        Optional<String> context) {

    /** A snapshot event. */
    public ClaimedEvent(
            String id,
            String type,
            Instant created,
            byte[] body,
            int attempt,
            UUID claimToken,
            Optional<String> mismatchedApiVersion) {
        this(id, type, created, body, attempt, claimToken, mismatchedApiVersion, false, Optional.empty());
    }

    /** Without the body, which may hold a customer's name or email. */
    @Override
    public String toString() {
        return "ClaimedEvent[id=" + id + ", type=" + type + ", created=" + created + ", bytes=" + body.length
                + ", attempt=" + attempt + ", claimToken=" + claimToken + ", mismatchedApiVersion="
                + mismatchedApiVersion
                + ", thin=" + thin + ", context=" + context.orElse("-") + "]";
    }
}
