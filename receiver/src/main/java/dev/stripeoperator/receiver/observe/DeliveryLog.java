package dev.stripeoperator.receiver.observe;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One logfmt line per delivery: endpoint, event id, type, outcome, reason, status, latency. Never payloads
 * or secrets. Logged under {@code dev.stripeoperator.receiver.delivery}.
 */
public final class DeliveryLog {

    private static final Logger LOG = Logger.getLogger("dev.stripeoperator.receiver.delivery");

    private final String endpoint;

    public DeliveryLog(String endpoint) {
        this.endpoint = endpoint;
    }

    /** Logs a delivery; {@code eventId}, {@code type} and {@code reason} may be null when unknown or not applicable. */
    public void log(String eventId, String type, DeliveryOutcome outcome, String reason, int status, long elapsedNanos) {
        Level level = outcome == DeliveryOutcome.UNAVAILABLE ? Level.WARNING : Level.INFO;
        if (!LOG.isLoggable(level)) {
            return;
        }
        StringBuilder line = new StringBuilder(160).append("delivery");
        field(line, "endpoint", endpoint);
        field(line, "event_id", eventId);
        field(line, "type", type);
        field(line, "outcome", outcome.code());
        if (reason != null) {
            field(line, "reason", reason);
        }
        long micros = elapsedNanos / 1_000;
        line.append(" status=").append(status)
                .append(" latency_ms=").append(micros / 1_000).append('.').append((char) ('0' + micros % 1_000 / 100))
                .append((char) ('0' + micros % 100 / 10));
        // Naming the source here spares the logging framework a stack walk on every delivery.
        LOG.logp(level, DeliveryLog.class.getName(), "log", line.toString());
    }

    private static boolean isBare(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c >= 127) {
                return false;
            }
        }
        return !value.isEmpty();
    }

    private static void field(StringBuilder line, String key, String value) {
        line.append(' ').append(key).append('=');
        if (value == null) {
            line.append('-');
        } else if (isBare(value)) {
            line.append(value);
        } else {
            line.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n").replace("\r", "\\r")).append('"');
        }
    }
}
