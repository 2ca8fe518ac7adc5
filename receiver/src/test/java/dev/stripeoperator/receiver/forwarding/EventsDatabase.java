package dev.stripeoperator.receiver.forwarding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.store.Database;
import dev.stripeoperator.receiver.store.EventTable;
import dev.stripeoperator.receiver.store.NewEvent;
import dev.stripeoperator.receiver.testing.TestDatabase;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestDatabase} for one test class, migrated by the receiver's own {@link Database} and emptied before each
 * test, with helpers to store events and read their delivery state. Register it as a static
 * {@code @RegisterExtension} field.
 */
public final class EventsDatabase implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    public static final String ENDPOINT = "payments/billing";

    /** A row's delivery columns. */
    public record Row(String status, int attempts, Instant nextAttemptAt, String lastError, Instant deliveredAt) {}

    private TestDatabase server;
    private Database database;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestDatabase.start();
        database = Database.open(receiverConfig(Map.of()));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        execute("TRUNCATE stripe_events, stripe_event_actions");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        database.close();
        server.close();
    }

    /** The receiver's configuration for this database, plus extra settings. */
    public ReceiverConfig receiverConfig(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.putIfAbsent("DATABASE_URL", server.jdbcUrl());
        env.putIfAbsent("ENDPOINT_NAME", ENDPOINT);
        return ReceiverConfig.fromEnvironment(env);
    }

    /** Another pool on the same database, as a second receiver replica would have. */
    public Database openReplica() {
        return Database.open(receiverConfig(Map.of()));
    }

    public Database database() {
        return database;
    }

    /** Stores a pending webhook event the way the receiver does. */
    public void storePending(String id) throws SQLException {
        store(ENDPOINT, id, NewEvent.Status.PENDING);
    }

    /** Stores a pending event as a backfill does when Stripe listed it at another API version than the endpoint's. */
    void storeRecoveredAtAnotherApiVersion(String id) throws SQLException {
        store(ENDPOINT, id, NewEvent.Status.PENDING, NewEvent.Source.BACKFILL, true);
    }

    public void store(String endpoint, String id, NewEvent.Status status) throws SQLException {
        store(endpoint, id, status, NewEvent.Source.WEBHOOK, false);
    }

    private void store(
            String endpoint, String id, NewEvent.Status status, NewEvent.Source source, boolean apiVersionMismatch)
            throws SQLException {
        Instant created = Instant.parse("2026-11-23T12:00:00Z");
        String payload = """
                {"id":"%s","object":"event","type":"invoice.paid","created":%d,"livemode":false,\
                "api_version":"2024-06-20","data":{"object":{"id":"in_1","object":"invoice"}}}""".formatted(id, created.getEpochSecond());
        new EventTable(database.dataSource())
                .insertIsolating(List.of(new NewEvent(
                        endpoint,
                        id,
                        "invoice.paid",
                        false,
                        "2024-06-20",
                        created,
                        payload,
                        source,
                        status,
                        apiVersionMismatch)));
    }

    public Optional<Row> row(String id) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("""
                     SELECT status, attempts, next_attempt_at, last_error, delivered_at
                       FROM stripe_events WHERE endpoint = ? AND id = ?""")) {
            query.setString(1, ENDPOINT);
            query.setString(2, id);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(
                        rows.getString(1),
                        rows.getInt(2),
                        instant(rows.getTimestamp(3)),
                        rows.getString(4),
                        instant(rows.getTimestamp(5))));
            }
        }
    }

    public Row existing(String id) throws SQLException {
        return row(id).orElseThrow(() -> new AssertionError("no row for " + id));
    }

    public long count(String where) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM stripe_events WHERE " + where)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Runs a statement directly, to arrange states the worker would reach only over hours or days. */
    public void execute(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
