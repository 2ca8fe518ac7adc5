package dev.stripeoperator.receiver.forwarding;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import dev.stripeoperator.receiver.store.NewEvent;

/**
 * Deletes the endpoint's finished rows (delivered or ignored) received longer ago than the retention period, in small
 * transactions so that no sweep holds many row locks or one long transaction. Undelivered rows (pending, failed, dead)
 * are never deleted, whatever their age: the table is the record of what was acknowledged to Stripe, and an event the
 * sink has not taken must stay until it is forwarded, replayed or discarded by a person.
 */
final class RetentionSweeper {

    static final int BATCH_SIZE = 500;

    // The status is checked again on the locked row version: a row a replay puts back to pending meanwhile stays.
    private static final String DELETE_BATCH = """
            DELETE FROM stripe_events
             WHERE ctid IN (SELECT ctid FROM stripe_events
                             WHERE endpoint = ? AND received_at < now() - make_interval(secs => ?)
                               AND status IN (%s)
                             LIMIT ?
                             FOR UPDATE SKIP LOCKED)
            """.formatted(NewEvent.Status.sqlList(NewEvent.Status.FINAL));

    private final ConnectionBudget connections;
    private final String endpoint;
    private final Duration retention;

    RetentionSweeper(ConnectionBudget connections, String endpoint, Duration retention) {
        this.connections = connections;
        this.endpoint = endpoint;
        this.retention = retention;
    }

    /** Deletes every expired row, batch by batch; returns how many were deleted. */
    long sweep() throws SQLException, InterruptedException {
        long total = 0;
        int deleted;
        do {
            deleted = connections.use(connection -> {
                try (PreparedStatement delete = connection.prepareStatement(DELETE_BATCH)) {
                    delete.setString(1, endpoint);
                    delete.setDouble(2, retention.toSeconds());
                    delete.setInt(3, BATCH_SIZE);
                    return delete.executeUpdate();
                }
            });
            total += deleted;
        } while (deleted == BATCH_SIZE);
        return total;
    }
}
