package dev.stripeoperator.receiver.observe;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One line per delivery ({@link LogLines#delivery}): endpoint, event id, type, outcome, reason, status, latency.
 * Never payloads or secrets. Logged under {@code dev.stripeoperator.receiver.delivery}.
 */
public final class DeliveryLog {

    private static final Logger LOG = Logger.getLogger("dev.stripeoperator.receiver.delivery");

    private final String endpoint;

    public DeliveryLog(String endpoint) {
        this.endpoint = endpoint;
    }

    /** Logs a delivery; {@code eventId}, {@code type} and {@code reason} may be null when unknown or not applicable. */
    public void log(
            String eventId, String type, DeliveryOutcome outcome, String reason, int status, long elapsedNanos) {
        Level level = outcome == DeliveryOutcome.UNAVAILABLE ? Level.WARNING : Level.INFO;
        if (LOG.isLoggable(level)) {
            LogLines.delivery(endpoint, eventId, type, outcome, reason, status, elapsedNanos)
                    .log(LOG, level);
        }
    }
}
