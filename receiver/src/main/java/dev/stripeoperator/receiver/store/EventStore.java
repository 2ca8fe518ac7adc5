package dev.stripeoperator.receiver.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The {@code stripe_events} table: inserts where the first delivery of an event id wins.
 */
public class EventStore {

    // One statement for any number of rows: the columns travel as arrays and unnest() turns them into rows,
    // so the server keeps one prepared plan however large each group commit is.
    private static final String INSERT = """
            INSERT INTO stripe_events
                (endpoint, id, type, livemode, api_version, created, payload, source, status, next_attempt_at)
            SELECT endpoint, id, type, livemode, api_version, created::timestamptz, payload::jsonb, source, status,
                   CASE WHEN status = 'pending' THEN now() END
            FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                AS r(endpoint, id, type, livemode, api_version, created, payload, source, status)
            ON CONFLICT (endpoint, id) DO NOTHING
            RETURNING endpoint, id
            """;

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
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setArray(1, text(connection, rows, NewEvent::endpoint));
            insert.setArray(2, text(connection, rows, NewEvent::id));
            insert.setArray(3, text(connection, rows, NewEvent::type));
            insert.setArray(4, connection.createArrayOf("boolean", rows.stream().map(NewEvent::livemode).toArray()));
            insert.setArray(5, text(connection, rows, NewEvent::apiVersion));
            insert.setArray(6, text(connection, rows, e -> e.created().toString()));
            insert.setArray(7, text(connection, rows, NewEvent::payload));
            insert.setArray(8, text(connection, rows, e -> e.source().column()));
            insert.setArray(9, text(connection, rows, e -> e.status().column()));
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

    private static Array text(Connection connection, List<NewEvent> rows,
                              Function<NewEvent, String> column) throws SQLException {
        return connection.createArrayOf("text", rows.stream().map(column).toArray());
    }
}
