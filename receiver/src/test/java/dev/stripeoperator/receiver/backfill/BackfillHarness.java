package dev.stripeoperator.receiver.backfill;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.store.Database;
import dev.stripeoperator.receiver.store.EventTable;
import dev.stripeoperator.receiver.store.NewEvent;
import dev.stripeoperator.receiver.testing.TestDatabase;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static dev.stripeoperator.receiver.backfill.StripeEventJson.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a {@code reconcile} run meets, for one test class: a real embedded PostgreSQL migrated by the receiver's own
 * {@link Database}, the Stripe API stand-in on loopback, and a fresh termination message file per test; with the
 * helpers to arrange events, run the command as its container would, and read the table. Register it as a static
 * {@code @RegisterExtension} field.
 */
final class BackfillHarness implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    static final String API_KEY = "sk_test_51ReconcileKeyForTestsOnly";
    static final String ENDPOINT = "payments/billing";
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** A row's columns the tests read. */
    record StoredRow(String source, String status, boolean nextAttemptDue, String payload, boolean apiVersionMismatch) {
        boolean payloadEqualsRaw(JsonObject served) {
            return JsonParser.parseString(payload).equals(served);
        }
    }

    private TestDatabase server;
    private Database database;
    private StripeEventsApi stripe;
    private Path terminationLog;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server = TestDatabase.start();
        stripe = StripeEventsApi.start(API_KEY);
        database = Database.open(
                ReceiverConfig.fromEnvironment(Map.of("DATABASE_URL", server.jdbcUrl(), "DATABASE_POOL_SIZE", "2")));
        terminationLog = Files.createTempFile("reconcile", "termination-log");
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException, IOException {
        stripe.clear();
        execute("TRUNCATE stripe_events");
        Files.writeString(terminationLog, "");
        out.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        database.close();
        stripe.close();
        server.close();
        Files.deleteIfExists(terminationLog);
    }

    StripeEventsApi stripe() {
        return stripe;
    }

    String jdbcUrl() {
        return server.jdbcUrl();
    }

    // --- when: run the command ---

    /** Runs {@code reconcile} with the test environment, these settings on top, and the arguments. */
    int backfill(Map<String, String> overrides, String... args) {
        return backfillWith(environment(overrides), args);
    }

    /** Runs {@code reconcile} with exactly this environment. */
    int backfillWith(Map<String, String> env, String... args) {
        return new BackfillCommand(
                        ReceiverConfig.fromEnvironment(env),
                        BackfillSettings.fromEnvironment(env),
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(List.of(args));
    }

    /** The settings the operator's CronJob gives the container, pointed at the stand-in, plus the overrides. */
    Map<String, String> environment(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                "DATABASE_URL",
                server.jdbcUrl(),
                "DATABASE_POOL_SIZE",
                "2",
                "ENDPOINT_NAME",
                ENDPOINT,
                "STRIPE_API_KEY",
                API_KEY,
                "STRIPE_API_BASE",
                stripe.baseUrl(),
                "RECONCILE_PAGES_PER_SECOND",
                "100",
                "RECONCILE_MAX_NETWORK_RETRIES",
                "1",
                "TERMINATION_MESSAGE_PATH",
                terminationLog.toString()));
        env.putAll(overrides);
        return env;
    }

    // --- then: what the run left ---

    JsonObject terminationMessage() throws IOException {
        return JsonParser.parseString(Files.readString(terminationLog)).getAsJsonObject();
    }

    /** What the run printed (a dry run's list). */
    List<String> printed() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    // --- given: events in Stripe and in the table ---

    /** {@code n} events an hour old and older, made oldest first, one second apart. */
    List<JsonObject> events(int n, String type) {
        List<JsonObject> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            made.add(add(
                    String.format("evt_1Q%08d", i),
                    type,
                    NOW.minus(Duration.ofHours(2)).plusSeconds(i),
                    false));
        }
        return made;
    }

    /** A test-mode event an hour old in the account's own list. */
    JsonObject add(String id, String type) {
        return add(id, type, NOW.minus(Duration.ofHours(1)), false);
    }

    JsonObject add(String id, String type, Instant created, boolean livemode) {
        JsonObject event = event(id, type, created, livemode);
        stripe.add(event);
        return event;
    }

    /** An event in a connected account's list, an hour old; without {@code account}, as the caller may add it. */
    JsonObject addTo(String account, String id, String type) {
        JsonObject event = event(id, type, NOW.minus(Duration.ofHours(1)), false);
        stripe.add(account, event);
        return event;
    }

    /** A test-mode v2 (thin) event in the account's v2 list, created at {@code created}. */
    JsonObject addV2(String id, String type, Instant created) {
        JsonObject event = StripeEventJson.v2Event(id, type, created, false);
        stripe.addV2(event);
        return event;
    }

    void storeAsWebhook(JsonObject event) throws SQLException {
        new EventTable(database.dataSource())
                .insertIsolating(List.of(new NewEvent(
                        ENDPOINT,
                        event.get("id").getAsString(),
                        event.get("type").getAsString(),
                        event.get("livemode").getAsBoolean(),
                        event.get("api_version").getAsString(),
                        Instant.ofEpochSecond(event.get("created").getAsLong()),
                        event.toString(),
                        NewEvent.Source.WEBHOOK,
                        NewEvent.Status.DELIVERED)));
    }

    // --- then: read the table ---

    StoredRow row(String id) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT source, status, next_attempt_at IS NOT NULL AND next_attempt_at <= now(), payload::text,"
                                + " api_version_mismatch FROM stripe_events WHERE endpoint = ? AND id = ?")) {
            query.setString(1, ENDPOINT);
            query.setString(2, id);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("row for " + id).isTrue();
                return new StoredRow(
                        rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getBoolean(5));
            }
        }
    }

    List<String> sources() throws SQLException {
        return column("SELECT source FROM stripe_events");
    }

    List<String> ids() throws SQLException {
        return column("SELECT id FROM stripe_events");
    }

    long count() throws SQLException {
        return ids().size();
    }

    /** Every column of every row, including received_at: a second run must not touch any of them. */
    List<String> snapshot() throws SQLException {
        return column("SELECT t::text FROM stripe_events t ORDER BY id");
    }

    List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** Runs a statement directly, to arrange what a test needs (a changed column, another database). */
    void execute(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
