package dev.stripeoperator.receiver.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import javax.sql.DataSource;

/**
 * The {@code stripe_events} table: inserts where the first delivery of an event id wins.
 */
public class EventStore {

    private static final String INSERT = """
            INSERT INTO stripe_events
                (endpoint, id, type, livemode, api_version, created, payload, source, status, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, CASE WHEN ? = 'pending' THEN now() END)
            ON CONFLICT (endpoint, id) DO NOTHING
            """;

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
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bind(insert, event);
            return insert.executeUpdate() == 1;
        }
    }

    static void bind(PreparedStatement insert, NewEvent event) throws SQLException {
        insert.setString(1, event.endpoint());
        insert.setString(2, event.id());
        insert.setString(3, event.type());
        insert.setBoolean(4, event.livemode());
        insert.setString(5, event.apiVersion());
        insert.setTimestamp(6, Timestamp.from(event.created()));
        insert.setString(7, event.payload());
        insert.setString(8, event.source().column());
        insert.setString(9, event.status().column());
        insert.setString(10, event.status().column());
    }
}
