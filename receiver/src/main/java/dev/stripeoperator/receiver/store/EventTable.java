package dev.stripeoperator.receiver.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The {@code stripe_events} table: inserts where the first delivery of an event id wins.
 */
public class EventTable {

    private static final String INSERT_HEAD = """
            INSERT INTO stripe_events
                (endpoint, id, type, livemode, api_version, created, body, payload, source, status, next_attempt_at,
                 api_version_mismatch, kind, context, related_object_id, related_object_type, related_object_url)
            VALUES """;
    private static final String ROW =
            "(?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, CASE WHEN ? = 'pending' THEN now() END, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_TAIL = " ON CONFLICT (endpoint, id) DO NOTHING RETURNING endpoint, id";
    private static final int COLUMNS = 17;

    private static final Comparator<NewEvent> LOCK_ORDER =
            Comparator.comparing(NewEvent::endpoint).thenComparing(NewEvent::id);

    /**
     * Events stored by {@link #insertIsolating}, and those the database refused, each with its error.
     *
     * @param stored the keys newly stored (not those already in the table)
     * @param refused the events the database would not take, even alone and without the jsonb copy
     */
    public record Inserted(Set<EventKey> stored, Map<EventKey, SQLException> refused) {}

    private final DataSource dataSource;

    public EventTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores the events in one transaction and commits, each key once (a key already in the table, or repeated in the
     * list, is not stored again). A row the database refuses, whatever the reason, fails alone:
     * the batch is split in halves until the refused rows are found, and a refused row is tried once more without
     * its jsonb copy (which is the only part PostgreSQL may refuse for a valid event).
     *
     * @throws SQLException when the database is unreachable or overloaded rather than refusing a row; rows of
     *         halves written before that stay stored
     */
    public Inserted insertIsolating(List<NewEvent> events) throws SQLException {
        Set<EventKey> stored = new HashSet<>();
        Map<EventKey, SQLException> refused = new HashMap<>();
        insertIsolating(events, stored, refused);
        return new Inserted(stored, refused);
    }

    private void insertIsolating(List<NewEvent> events, Set<EventKey> stored, Map<EventKey, SQLException> refused)
            throws SQLException {
        try {
            stored.addAll(insertAll(events, true));
        } catch (SQLException e) {
            if (isUnavailable(e)) {
                throw e;
            }
            if (events.size() > 1) {
                int half = events.size() / 2;
                insertIsolating(events.subList(0, half), stored, refused);
                insertIsolating(events.subList(half, events.size()), stored, refused);
                return;
            }
            try {
                stored.addAll(insertAll(events, false));
            } catch (SQLException again) {
                if (isUnavailable(again)) {
                    throw again;
                }
                refused.put(EventKey.of(events.getFirst()), again);
            }
        }
    }

    /**
     * True when the failure says the database cannot take any row now (connection lost or refused, server shutting
     * down or out of resources, statement cancelled by its timeout, transaction conflicts), rather than that it
     * refused a value of one row: splitting the batch would not help, it would only multiply the waits.
     */
    public static boolean isUnavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null || state.length() < 2) {
            return true;
        }
        return switch (state.substring(0, 2)) {
            // connection, transaction rollback, insufficient resources, operator intervention, system error, internal
            case "08", "40", "53", "57", "58", "XX" -> true;
            default -> false;
        };
    }

    /** The database's reason without the detail and context lines, which may quote the payload. */
    public static String reason(SQLException e) {
        String message = e.getMessage();
        if (message == null) {
            return "SQL state " + e.getSQLState();
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)) + " (SQL state " + e.getSQLState() + ")";
    }

    private Set<EventKey> insertAll(List<NewEvent> events, boolean withJsonb) throws SQLException {
        if (events.isEmpty()) {
            return Set.of();
        }
        // Concurrent transactions lock the rows they insert; taking them in one global order avoids deadlocks.
        List<NewEvent> rows = events.stream().sorted(LOCK_ORDER).toList();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(insertSql(rows.size()))) {
            int parameter = 0;
            for (NewEvent row : rows) {
                bind(insert, parameter, row, withJsonb);
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

    private static void bind(PreparedStatement insert, int offset, NewEvent event, boolean withJsonb)
            throws SQLException {
        insert.setString(offset + 1, event.endpoint());
        insert.setString(offset + 2, event.id());
        insert.setString(offset + 3, event.type());
        insert.setBoolean(offset + 4, event.livemode());
        insert.setString(offset + 5, event.apiVersion());
        insert.setTimestamp(offset + 6, Timestamp.from(event.created()));
        insert.setBytes(offset + 7, event.body());
        insert.setString(offset + 8, withJsonb ? jsonbCopy(event.payload()) : null);
        insert.setString(offset + 9, event.source().column());
        insert.setString(offset + 10, event.status().column());
        insert.setString(offset + 11, event.status().column());
        insert.setBoolean(offset + 12, event.apiVersionMismatch());
        insert.setString(offset + 13, event.kind());
        insert.setString(
                offset + 14, event.thin().flatMap(ThinEventDetails::context).orElse(null));
        insert.setString(
                offset + 15,
                event.thin().flatMap(ThinEventDetails::relatedObjectId).orElse(null));
        insert.setString(
                offset + 16,
                event.thin().flatMap(ThinEventDetails::relatedObjectType).orElse(null));
        insert.setString(
                offset + 17,
                event.thin().flatMap(ThinEventDetails::relatedObjectUrl).orElse(null));
    }

    /**
     * The text for the jsonb copy, or null when jsonb would refuse it: PostgreSQL rejects the escape of a NUL
     * character and lone surrogate escapes, which JSON allows. Escaped surrogate pairs are left out too, to stay on
     * the safe side; the event itself is always stored in {@code body}.
     */
    static String jsonbCopy(String payload) {
        for (int at = payload.indexOf("\\u"); at >= 0; at = payload.indexOf("\\u", at + 2)) {
            if (at + 6 > payload.length()) {
                return null;
            }
            char first = Character.toLowerCase(payload.charAt(at + 2));
            char second = Character.toLowerCase(payload.charAt(at + 3));
            if (payload.startsWith("0000", at + 2) || (first == 'd' && second >= '8' && second <= 'f')) {
                return null;
            }
        }
        return payload;
    }
}
