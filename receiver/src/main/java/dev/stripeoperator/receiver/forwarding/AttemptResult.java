package dev.stripeoperator.receiver.forwarding;

import java.time.Duration;

/**
 * What one attempt came to, as it is written back to the event's row.
 */
record AttemptResult(ClaimedEvent event, ForwardingOutcome outcome, Duration retryDelay, String error) {

    static AttemptResult delivered(ClaimedEvent event) {
        return new AttemptResult(event, ForwardingOutcome.DELIVERED, Duration.ZERO, null);
    }

    static AttemptResult retry(ClaimedEvent event, Duration delay, String reason) {
        return new AttemptResult(event, ForwardingOutcome.RETRY, delay, reason);
    }

    static AttemptResult dead(ClaimedEvent event, String reason) {
        return new AttemptResult(event, ForwardingOutcome.DEAD, Duration.ZERO, reason);
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
