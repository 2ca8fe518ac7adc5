package dev.stripeoperator.receiver.backfill;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * What the {@code stripe_events} table already holds for an endpoint: which of a page's event ids (one query per
 * listed page), and which connected accounts sent it events.
 */
final class KnownEvents {

    private static final String PRESENT = "SELECT id FROM stripe_events WHERE endpoint = ? AND id = ANY (?)";
    // received_at is indexed, and an event of the window was received after the window began.
    private static final String ACCOUNTS = """
            SELECT DISTINCT payload ->> 'account' FROM stripe_events
             WHERE endpoint = ? AND received_at >= ? AND payload ->> 'account' IS NOT NULL""";

    private final DataSource dataSource;

    KnownEvents(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The subset of {@code ids} stored for {@code endpoint}. */
    Set<String> present(String endpoint, Collection<String> ids) throws SQLException {
        Set<String> present = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(PRESENT)) {
            Array idArray = connection.createArrayOf("text", ids.toArray());
            query.setString(1, endpoint);
            query.setArray(2, idArray);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    present.add(rows.getString(1));
                }
            }
        }
        return present;
    }

    /** The connected accounts (the events' {@code account}) of the events stored for {@code endpoint} since then. */
    Set<String> accounts(String endpoint, Instant since) throws SQLException {
        Set<String> accounts = new TreeSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(ACCOUNTS)) {
            query.setString(1, endpoint);
            query.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    accounts.add(rows.getString(1));
                }
            }
        }
        return accounts;
    }
}
