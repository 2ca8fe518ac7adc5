package dev.stripeoperator.receiver.forwarding;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;

/**
 * Caps how many connections the forwarding side takes from the pool it shares with the webhook path, so
 * that acks always find a free connection however much forwarding work is queued.
 */
final class ConnectionBudget {

    /** Work done on one borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final Semaphore permits;

    ConnectionBudget(DataSource dataSource, int connections) {
        this.dataSource = dataSource;
        this.permits = new Semaphore(connections, true);
    }

    /** Runs the work on a pooled connection, waiting for a permit first; the connection is back in the pool after. */
    <T> T use(Work<T> work) throws SQLException, InterruptedException {
        permits.acquire();
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } finally {
            permits.release();
        }
    }
}
