package dev.stripeoperator.receiver.reconcile;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Which event ids the {@code stripe_events} table already holds for an endpoint: one query per listed page.
 */
final class KnownEvents {

    private static final String PRESENT = "SELECT id FROM stripe_events WHERE endpoint = ? AND id = ANY (?)";

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
}
