package dev.stripeoperator.receiver.store;

import java.time.Instant;

/**
 * A verified Stripe event about to be stored: its identity, what the filters decided, and the raw JSON.
 *
 * @param apiVersionMismatch the payload is rendered at another API version than the Stripe endpoint's (only events
 *                           recovered by reconcile can be; the sink is told with a header)
 */
public record NewEvent(
        String endpoint,
        String id,
        String type,
        boolean livemode,
        String apiVersion,
        Instant created,
        String payload,
        Source source,
        Status status,
        boolean apiVersionMismatch) {

    /** An event rendered at the version the endpoint expects, as every webhook delivery is. */
    public NewEvent(String endpoint, String id, String type, boolean livemode, String apiVersion, Instant created,
            String payload, Source source, Status status) {
        this(endpoint, id, type, livemode, apiVersion, created, payload, source, status, false);
    }

    /** How the event reached the receiver. */
    public enum Source {
        WEBHOOK, RECONCILE;

        public String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The row's delivery state. */
    public enum Status {
        PENDING, DELIVERED, IGNORED, FAILED, DEAD;

        public String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
