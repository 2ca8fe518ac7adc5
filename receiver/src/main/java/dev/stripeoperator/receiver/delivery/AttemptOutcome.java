package dev.stripeoperator.receiver.delivery;

import dev.stripeoperator.receiver.delivery.DeliveryMetrics.Outcome;
import java.time.Duration;

/**
 * What one attempt came to, as it is written back to the event's row.
 */
record AttemptOutcome(ClaimedEvent event, Outcome outcome, Duration retryDelay, String error) {

    static AttemptOutcome delivered(ClaimedEvent event) {
        return new AttemptOutcome(event, Outcome.DELIVERED, Duration.ZERO, null);
    }

    static AttemptOutcome retry(ClaimedEvent event, Duration delay, String reason) {
        return new AttemptOutcome(event, Outcome.RETRY, delay, reason);
    }

    static AttemptOutcome dead(ClaimedEvent event, String reason) {
        return new AttemptOutcome(event, Outcome.DEAD, Duration.ZERO, reason);
    }

    /** The row's status after this attempt. */
    String status() {
        return switch (outcome) {
            case DELIVERED -> "delivered";
            case RETRY -> "failed";
            case DEAD -> "dead";
        };
    }
}
