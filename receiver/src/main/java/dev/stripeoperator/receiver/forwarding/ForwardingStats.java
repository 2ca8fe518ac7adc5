package dev.stripeoperator.receiver.forwarding;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Reads the endpoint's backlog figures for the gauges, on a schedule rather than on every scrape.
 */
final class ForwardingStats {

    /** Backlog figures at one moment. */
    record Snapshot(long pending, Duration oldestPendingAge, long dead) {}

    private static final String QUERY = """
            SELECT (SELECT count(*) FROM stripe_events WHERE endpoint = ? AND status IN ('pending', 'failed')),
                   (SELECT coalesce(extract(epoch FROM now() - min(received_at)), 0)
                      FROM stripe_events WHERE endpoint = ? AND status IN ('pending', 'failed')),
                   (SELECT count(*) FROM stripe_events WHERE endpoint = ? AND status = 'dead')
            """;

    private final ConnectionBudget connections;
    private final String endpoint;

    ForwardingStats(ConnectionBudget connections, String endpoint) {
        this.connections = connections;
        this.endpoint = endpoint;
    }

    Snapshot read() throws SQLException, InterruptedException {
        return connections.use(connection -> {
            try (PreparedStatement query = connection.prepareStatement(QUERY)) {
                query.setString(1, endpoint);
                query.setString(2, endpoint);
                query.setString(3, endpoint);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return new Snapshot(
                            row.getLong(1), Duration.ofMillis(Math.round(row.getDouble(2) * 1000)), row.getLong(3));
                }
            }
        });
    }
}
