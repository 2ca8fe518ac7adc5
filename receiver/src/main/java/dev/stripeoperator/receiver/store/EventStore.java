package dev.stripeoperator.receiver.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The {@code stripe_events} table: inserts where the first delivery of an event id wins.
 */
public class EventStore {

    private static final String INSERT_HEAD = """
            INSERT INTO stripe_events
                (endpoint, id, type, livemode, api_version, created, payload, source, status, next_attempt_at,
                 api_version_mismatch)
            VALUES """;
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, CASE WHEN ? = 'pending' THEN now() END, ?)";
    private static final String INSERT_TAIL = " ON CONFLICT (endpoint, id) DO NOTHING RETURNING endpoint, id";
    private static final int COLUMNS = 11;

    private static final Comparator<NewEvent> LOCK_ORDER =
            Comparator.comparing(NewEvent::endpoint).thenComparing(NewEvent::id);

    private final DataSource dataSource;

    public EventStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores the event and commits; returns false when the (endpoint, id) was already stored.
     *
     * @throws SQLException when the database cannot be reached or refuses the row: nothing was stored
     */
    public boolean insert(NewEvent event) throws SQLException {
        return !insertAll(List.of(event)).isEmpty();
    }

    /**
     * Stores the events in one transaction and commits; returns the keys that were newly stored (a key
     * already in the table, or repeated in the list, is stored once).
     *
     * @throws SQLException when the database cannot be reached or refuses a row: nothing was stored
     */
    public Set<EventKey> insertAll(List<NewEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return Set.of();
        }
        // Concurrent transactions lock the rows they insert; taking them in one global order avoids deadlocks.
        List<NewEvent> rows = events.stream().sorted(LOCK_ORDER).toList();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(insertSql(rows.size()))) {
            int parameter = 0;
            for (NewEvent row : rows) {
                bind(insert, parameter, row);
                parameter += COLUMNS;
            }
            Set<EventKey> stored = new HashSet<>();
            try (ResultSet result = insert.executeQuery()) {
                while (result.next()) {
                    stored.add(new EventKey(result.getString(1), result.getString(2)));
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return stored;
        }
    }

    /** One multi-row statement per batch size; the driver caches each as a server-side prepared statement. */
    private static String insertSql(int rows) {
        StringBuilder sql = new StringBuilder(INSERT_HEAD.length() + rows * (ROW.length() + 2) + INSERT_TAIL.length())
                .append(INSERT_HEAD);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? " " : ", ").append(ROW);
        }
        return sql.append(INSERT_TAIL).toString();
    }

    private static void bind(PreparedStatement insert, int offset, NewEvent event) throws SQLException {
        insert.setString(offset + 1, event.endpoint());
        insert.setString(offset + 2, event.id());
        insert.setString(offset + 3, event.type());
        insert.setBoolean(offset + 4, event.livemode());
        insert.setString(offset + 5, event.apiVersion());
        insert.setTimestamp(offset + 6, Timestamp.from(event.created()));
        insert.setString(offset + 7, event.payload());
        insert.setString(offset + 8, event.source().column());
        insert.setString(offset + 9, event.status().column());
        insert.setString(offset + 10, event.status().column());
        insert.setBoolean(offset + 11, event.apiVersionMismatch());
    }
}
