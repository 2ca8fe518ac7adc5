package dev.stripeoperator.receiver.store;

import java.time.Instant;

/**
 * A verified Stripe event about to be stored: its identity, what the filters decided, and the raw JSON.
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
        Status status) {

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
