package dev.stripeoperator.receiver.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The {@code stripe_events} table: inserts where the first delivery of an event id wins.
 */
public class EventTable {

    /**
     * One statement whatever the batch size, so the server plans it once: each column arrives as one array, sent in
     * binary, and the jsonb copy is parsed by the server from the body's bytes instead of sent a second time as text.
     * The ordinality keeps the rows in lock order.
     */
    private static final String INSERT = """
            INSERT INTO stripe_events
                (endpoint, id, type, livemode, api_version, created, body, payload, source, status, next_attempt_at,
                 api_version_mismatch, kind, context, related_object_id, related_object_type, related_object_url)
            SELECT r.endpoint, r.id, r.type, r.livemode, r.api_version,
                   timestamptz 'epoch' + r.created_micros * interval '1 microsecond', r.body,
                   CASE WHEN r.with_jsonb THEN convert_from(r.body, 'UTF8')::jsonb END, r.source, r.status,
                   CASE WHEN r.status = 'pending' THEN now() END, r.api_version_mismatch, r.kind, r.context,
                   r.related_object_id, r.related_object_type, r.related_object_url
            FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::bigint[], ?::bytea[], ?::boolean[],
                        ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 WITH ORDINALITY AS r(endpoint, id, type, livemode, api_version, created_micros, body, with_jsonb,
                                      source, status, api_version_mismatch, kind, context, related_object_id,
                                      related_object_type, related_object_url, position)
            ORDER BY r.position
            ON CONFLICT (endpoint, id) DO NOTHING RETURNING endpoint, id""";

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
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bind(insert, rows, withJsonb);
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

    /** Binds each column as an array; the driver sends these array types in binary. */
    private static void bind(PreparedStatement insert, List<NewEvent> rows, boolean withJsonb) throws SQLException {
        int size = rows.size();
        String[] endpoints = new String[size];
        String[] ids = new String[size];
        String[] types = new String[size];
        boolean[] livemodes = new boolean[size];
        String[] apiVersions = new String[size];
        long[] createdMicros = new long[size];
        byte[][] bodies = new byte[size][];
        boolean[] jsonbCopies = new boolean[size];
        String[] sources = new String[size];
        String[] statuses = new String[size];
        boolean[] mismatches = new boolean[size];
        String[] kinds = new String[size];
        String[] contexts = new String[size];
        String[] relatedIds = new String[size];
        String[] relatedTypes = new String[size];
        String[] relatedUrls = new String[size];
        for (int i = 0; i < size; i++) {
            NewEvent event = rows.get(i);
            endpoints[i] = event.endpoint();
            ids[i] = event.id();
            types[i] = event.type();
            livemodes[i] = event.livemode();
            apiVersions[i] = event.apiVersion();
            createdMicros[i] = ChronoUnit.MICROS.between(Instant.EPOCH, event.created());
            bodies[i] = event.body();
            jsonbCopies[i] = withJsonb && jsonbAccepts(event.payload());
            sources[i] = event.source().column();
            statuses[i] = event.status().column();
            mismatches[i] = event.apiVersionMismatch();
            kinds[i] = event.kind();
            Optional<ThinEventDetails> thin = event.thin();
            contexts[i] = thin.flatMap(ThinEventDetails::context).orElse(null);
            relatedIds[i] = thin.flatMap(ThinEventDetails::relatedObjectId).orElse(null);
            relatedTypes[i] = thin.flatMap(ThinEventDetails::relatedObjectType).orElse(null);
            relatedUrls[i] = thin.flatMap(ThinEventDetails::relatedObjectUrl).orElse(null);
        }
        Object[] columns = {
            endpoints,
            ids,
            types,
            livemodes,
            apiVersions,
            createdMicros,
            bodies,
            jsonbCopies,
            sources,
            statuses,
            mismatches,
            kinds,
            contexts,
            relatedIds,
            relatedTypes,
            relatedUrls
        };
        for (int i = 0; i < columns.length; i++) {
            insert.setObject(i + 1, columns[i]);
        }
    }

    /**
     * False when jsonb would refuse the payload: PostgreSQL rejects the escape of a NUL character and lone surrogate
     * escapes, which JSON allows. Escaped surrogate pairs are left out too, to stay on the safe side; the event itself
     * is always stored in {@code body}.
     */
    static boolean jsonbAccepts(String payload) {
        for (int at = payload.indexOf("\\u"); at >= 0; at = payload.indexOf("\\u", at + 2)) {
            if (at + 6 > payload.length()) {
                return false;
            }
            char first = Character.toLowerCase(payload.charAt(at + 2));
            char second = Character.toLowerCase(payload.charAt(at + 3));
            if (payload.startsWith("0000", at + 2) || (first == 'd' && second >= '8' && second <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
