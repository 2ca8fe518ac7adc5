package dev.stripeoperator.receiver.forwarding;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the endpoint's rows in {@code stripe_events}, for a gauge, at a cost that does not grow with the table: an
 * exact count up to {@link #EXACT_UP_TO} rows (an index-only scan of at most that many primary-key entries, a few
 * milliseconds), beyond that PostgreSQL's planner estimate for the endpoint (its statistics of the column, as of the
 * last ANALYZE, which autovacuum keeps current on a growing table). A plain {@code count(*)} would read every row of
 * the endpoint at each refresh: seconds on a table of tens of millions of rows, every minute, on the pool acks share.
 */
final class StoredEvents {

    /** Up to this many rows the count is exact; above it, an estimate. */
    static final long EXACT_UP_TO = 100_000;

    private static final String BOUNDED_COUNT =
            "SELECT count(*) FROM (SELECT 1 FROM stripe_events WHERE endpoint = ? LIMIT ?) AS bounded";
    private static final String ESTIMATE = "EXPLAIN SELECT 1 FROM stripe_events WHERE endpoint = ?";
    private static final Pattern PLANNED_ROWS = Pattern.compile(" rows=(\\d+) ");

    private final ConnectionBudget connections;
    private final String endpoint;
    private final long exactUpTo;

    StoredEvents(ConnectionBudget connections, String endpoint) {
        this(connections, endpoint, EXACT_UP_TO);
    }

    /** With another bound of the exact count (tests). */
    StoredEvents(ConnectionBudget connections, String endpoint, long exactUpTo) {
        this.connections = connections;
        this.endpoint = endpoint;
        this.exactUpTo = exactUpTo;
    }

    /** The endpoint's rows: exact up to the bound, else the planner's estimate, never below the bound. */
    long count() throws SQLException, InterruptedException {
        return connections.use(connection -> {
            long counted;
            try (PreparedStatement count = connection.prepareStatement(BOUNDED_COUNT)) {
                count.setString(1, endpoint);
                count.setLong(2, exactUpTo + 1);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    counted = row.getLong(1);
                }
            }
            if (counted <= exactUpTo) {
                return counted;
            }
            try (PreparedStatement explain = connection.prepareStatement(ESTIMATE)) {
                explain.setString(1, endpoint);
                try (ResultSet plan = explain.executeQuery()) {
                    plan.next();
                    Matcher rows = PLANNED_ROWS.matcher(plan.getString(1));
                    return rows.find() ? Math.max(counted, Long.parseLong(rows.group(1))) : counted;
                }
            }
        });
    }
}
