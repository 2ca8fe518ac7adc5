package dev.stripeoperator.receiver.forwarding;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Reads the endpoint's backlog figures for the gauges, on a schedule rather than on every scrape. Each figure is read
 * through the partial index of the rows it is about (pending and failed; dead), so its cost follows the backlog, not
 * the size of the table.
 */
final class ForwardingStats {

    /** Backlog figures at one moment; ages are zero when there is no such row. */
    record Snapshot(long pending, Duration oldestPendingAge, long dead, Duration oldestDeadAge) {

        /** Age of the oldest row the sink has not taken (pending, failed or dead): the rows retention keeps. */
        Duration oldestUndeliveredAge() {
            return oldestPendingAge.compareTo(oldestDeadAge) >= 0 ? oldestPendingAge : oldestDeadAge;
        }
    }

    private static final String QUERY = """
            SELECT (SELECT count(*) FROM stripe_events WHERE endpoint = ? AND status IN ('pending', 'failed')),
                   (SELECT coalesce(extract(epoch FROM now() - min(received_at)), 0)
                      FROM stripe_events WHERE endpoint = ? AND status IN ('pending', 'failed')),
                   (SELECT count(*) FROM stripe_events WHERE endpoint = ? AND status = 'dead'),
                   (SELECT coalesce(extract(epoch FROM now() - min(received_at)), 0)
                      FROM stripe_events WHERE endpoint = ? AND status = 'dead')
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
                query.setString(4, endpoint);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return new Snapshot(
                            row.getLong(1), seconds(row.getDouble(2)), row.getLong(3), seconds(row.getDouble(4)));
                }
            }
        });
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
