package dev.stripeoperator.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * After the load: is every acknowledged event in the receiver's table, exactly once?
 *
 * @param acked       events answered 200
 * @param ackedStored of those, rows found in the table
 * @param duplicates  rows beyond the first for an acknowledged id
 * @param rows        all rows of the endpoint, including events stored whose answer never arrived
 */
record StoreCheck(long acked, long ackedStored, long duplicates, long rows) {

    /** Acknowledged but not in the table: must be zero. */
    long lost() {
        return acked - ackedStored;
    }

    /** The checks of several rounds together. */
    static StoreCheck sum(List<StoreCheck> checks) {
        return new StoreCheck(
                checks.stream().mapToLong(StoreCheck::acked).sum(),
                checks.stream().mapToLong(StoreCheck::ackedStored).sum(),
                checks.stream().mapToLong(StoreCheck::duplicates).sum(),
                checks.stream().mapToLong(StoreCheck::rows).max().orElse(0));
    }

    static StoreCheck verify(Target target, List<String> ackedIds) throws SQLException {
        try (Connection db = DriverManager.getConnection(target.jdbcUrl())) {
            Array ids = db.createArrayOf("text", ackedIds.toArray());
            long stored;
            long duplicates;
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT count(DISTINCT id), count(*) - count(DISTINCT id) FROM stripe_events WHERE endpoint = ? AND id = ANY (?)")) {
                query.setString(1, target.endpoint());
                query.setArray(2, ids);
                try (ResultSet result = query.executeQuery()) {
                    result.next();
                    stored = result.getLong(1);
                    duplicates = result.getLong(2);
                }
            }
            try (PreparedStatement query =
                    db.prepareStatement("SELECT count(*) FROM stripe_events WHERE endpoint = ?")) {
                query.setString(1, target.endpoint());
                try (ResultSet result = query.executeQuery()) {
                    result.next();
                    return new StoreCheck(ackedIds.size(), stored, duplicates, result.getLong(1));
                }
            }
        }
    }

    /** Writes what is in the WAL to disk, so that one receiver's checkpoint does not land in the next one's run. */
    static void checkpoint(String jdbcUrl) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl);
                PreparedStatement checkpoint = db.prepareStatement("CHECKPOINT")) {
            checkpoint.execute();
        }
    }
}
