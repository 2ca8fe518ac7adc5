package dev.stripeoperator.receiver.reconcile;

import static dev.stripeoperator.receiver.reconcile.StripeEventJson.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.store.Database;
import dev.stripeoperator.receiver.store.EventStore;
import dev.stripeoperator.receiver.store.NewEvent;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
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
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code reconcile} command end to end: the real stripe-java SDK against a Stripe events API over loopback, and a
 * real embedded PostgreSQL.
 */
class ReconcileCommandIT {

    private static final String API_KEY = "sk_test_51ReconcileKeyForTestsOnly";
    private static final String ENDPOINT = "payments/billing";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static EmbeddedPostgres postgres;
    private static Database database;
    private static StripeEventsApi stripe;

    @TempDir
    Path tmp;

    private Path terminationLog;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.start();
        stripe = StripeEventsApi.start(API_KEY);
        database = Database.open(ReceiverConfig.fromEnvironment(Map.of(
                "DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"), "DATABASE_POOL_SIZE", "2")));
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
        stripe.close();
        postgres.close();
    }

    @BeforeEach
    void reset() throws SQLException, IOException {
        stripe.clear();
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE stripe_events");
        }
        terminationLog = Files.createFile(tmp.resolve("termination-log"));
    }

    @Test
    void nothingMissingStoresNothingAndSaysSo() throws Exception {
        List<JsonObject> events = events(3, "invoice.paid");
        for (JsonObject e : events) {
            storeAsWebhook(e);
        }

        int exit = reconcile(Map.of());

        assertThat(exit).isZero();
        JsonObject summary = terminationMessage();
        assertThat(summary.get("listed").getAsInt()).isEqualTo(3);
        assertThat(summary.get("alreadyPresent").getAsInt()).isEqualTo(3);
        assertThat(summary.get("missing").getAsInt()).isZero();
        assertThat(summary.get("recovered").getAsInt()).isZero();
        assertThat(summary.get("outcome").getAsString()).isEqualTo("Succeeded");
        assertThat(summary.get("message").getAsString()).isEqualTo("nothing missing");
        assertThat(sources()).containsOnly("webhook");
    }

    @Test
    void missingEventsAreRecoveredAsPendingWithTheRawJsonAndSourceReconcile() throws Exception {
        List<JsonObject> events = events(5, "invoice.paid");
        storeAsWebhook(events.get(0));
        storeAsWebhook(events.get(3));

        int exit = reconcile(Map.of());

        assertThat(exit).isZero();
        JsonObject summary = terminationMessage();
        assertThat(summary.get("listed").getAsInt()).isEqualTo(5);
        assertThat(summary.get("alreadyPresent").getAsInt()).isEqualTo(2);
        assertThat(summary.get("missing").getAsInt()).isEqualTo(3);
        assertThat(summary.get("recovered").getAsInt()).isEqualTo(3);
        for (int i : new int[] {1, 2, 4}) {
            JsonObject served = events.get(i);
            Row row = row(served.get("id").getAsString());
            assertThat(row.source()).isEqualTo("reconcile");
            assertThat(row.status()).isEqualTo("pending");
            assertThat(row.nextAttemptDue()).as("due for the delivery worker").isTrue();
            assertThat(row.payloadEqualsRaw(served)).as("payload is the event as Stripe sent it").isTrue();
        }
        assertThat(row(events.get(0).get("id").getAsString()).source()).isEqualTo("webhook");
        assertThat(row(events.get(3).get("id").getAsString()).source()).isEqualTo("webhook");
    }

    @Test
    void theStoredPayloadKeepsNullsAndFieldsTheSdkDoesNotModel() throws Exception {
        JsonObject served = events(1, "invoice.paid").get(0);

        reconcile(Map.of());

        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT jsonb_typeof(payload #> '{request,idempotency_key}') = 'null', payload #>> '{x_unmodelled_field,kept}',"
                             + " payload #>> '{data,object,metadata,order}' FROM stripe_events WHERE id = ?")) {
            query.setString(1, served.get("id").getAsString());
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
                assertThat(rs.getString(2)).isEqualTo("true");
                assertThat(rs.getString(3)).isEqualTo("A-1001");
            }
        }
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        events(4, "invoice.paid");
        assertThat(reconcile(Map.of())).isZero();
        List<String> afterFirst = snapshot();

        int exit = reconcile(Map.of());

        assertThat(exit).isZero();
        assertThat(snapshot()).isEqualTo(afterFirst);
        JsonObject summary = terminationMessage();
        assertThat(summary.get("listed").getAsInt()).isEqualTo(4);
        assertThat(summary.get("alreadyPresent").getAsInt()).isEqualTo(4);
        assertThat(summary.get("recovered").getAsInt()).isZero();
    }

    @Test
    void threePagesAreFollowedWithStartingAfter() throws Exception {
        List<JsonObject> events = events(250, "invoice.paid");

        int exit = reconcile(Map.of());

        assertThat(exit).isZero();
        List<Map<String, String>> requests = stripe.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests).allSatisfy(q -> assertThat(q).containsEntry("limit", "100"));
        assertThat(requests.get(0)).doesNotContainKey("starting_after");
        // Newest first: the events were made oldest first, so the 100th listed is events[150], the 200th events[50].
        assertThat(requests.get(1)).containsEntry("starting_after", events.get(150).get("id").getAsString());
        assertThat(requests.get(2)).containsEntry("starting_after", events.get(50).get("id").getAsString());
        assertThat(requests.get(2)).containsEntry("created[gte]", requests.get(0).get("created[gte]"));
        assertThat(terminationMessage().get("recovered").getAsInt()).isEqualTo(250);
        assertThat(count()).isEqualTo(250);
    }

    @Test
    void aRateLimitedRequestIsRetriedAndTheRunSucceeds() throws Exception {
        events(3, "invoice.paid");
        stripe.fail(429, 1);

        int exit = reconcile(Map.of());

        assertThat(exit).isZero();
        assertThat(stripe.requests()).hasSize(2);
        assertThat(terminationMessage().get("recovered").getAsInt()).isEqualTo(3);
    }

    @Test
    void aPersistentServerErrorFailsTheRunAfterTheRetriesWithAClearMessage() throws Exception {
        events(3, "invoice.paid");
        stripe.fail(500, Integer.MAX_VALUE);

        int exit = reconcile(Map.of("RECONCILE_MAX_NETWORK_RETRIES", "2"));

        assertThat(exit).isEqualTo(1);
        assertThat(stripe.requests()).as("first attempt and two retries").hasSize(3);
        JsonObject summary = terminationMessage();
        assertThat(summary.get("outcome").getAsString()).isEqualTo("Failed");
        assertThat(summary.get("message").getAsString())
                .startsWith("the Stripe API stayed unavailable (HTTP 500) after 2 retries (request req_test");
        assertThat(count()).isZero();
    }

    @Test
    void anUnreachableApiFailsTheRunNamingTheAddress() throws Exception {
        String closed;
        try (StripeEventsApi gone = StripeEventsApi.start(API_KEY)) {
            closed = gone.baseUrl();
        }

        int exit = reconcile(Map.of("STRIPE_API_BASE", closed, "RECONCILE_MAX_NETWORK_RETRIES", "1"));

        assertThat(exit).isEqualTo(1);
        assertThat(terminationMessage().get("message").getAsString())
                .startsWith("cannot reach the Stripe API at " + closed + " after 1 retry");
    }

    @Test
    void aRejectedKeyIsNamedAsSuchWithoutShowingTheKey() throws Exception {
        events(2, "invoice.paid");
        String wrongKey = "sk_test_51WrongKeyThatStripeDoesNotKnow";

        int exit = reconcile(Map.of("STRIPE_API_KEY", wrongKey));

        assertThat(exit).isEqualTo(2);
        String message = terminationMessage().get("message").getAsString();
        assertThat(message).startsWith("Stripe rejected the API key (401)");
        assertThat(message).contains(new ApiKey(wrongKey).fingerprint());
        assertThat(message).doesNotContain(wrongKey).doesNotContain("sk_test");
        assertThat(stripe.requests()).as("a 401 is not retried").hasSize(1);
    }

    @Test
    void aKeyWithoutEventsPermissionIsNamedAsSuch() throws Exception {
        stripe.fail(403, 1);

        int exit = reconcile(Map.of());

        assertThat(exit).isEqualTo(2);
        assertThat(terminationMessage().get("message").getAsString())
                .startsWith("Stripe refused the API key (403 permission denied)");
    }

    @Test
    void aMissingKeyIsAConfigurationErrorAndStillLeavesASummary() throws Exception {
        Map<String, String> env = environment(Map.of());
        env.remove("STRIPE_API_KEY");

        int exit = new ReconcileCommand(ReceiverConfig.fromEnvironment(env), ReconcileSettings.fromEnvironment(env),
                Clock.fixed(NOW, ZoneOffset.UTC)).run();

        assertThat(exit).isEqualTo(2);
        JsonObject summary = terminationMessage();
        assertThat(summary.get("outcome").getAsString()).isEqualTo("Failed");
        assertThat(summary.get("message").getAsString())
                .isEqualTo("no Stripe API key: set STRIPE_API_KEY_FILE (a mounted Secret) or STRIPE_API_KEY");
        assertThat(stripe.requests()).isEmpty();
    }

    @Test
    void theKeyIsReadFromTheMountedSecretFileWithoutItsTrailingNewline() throws Exception {
        events(1, "invoice.paid");
        Path keyFile = Files.writeString(tmp.resolve("key"), API_KEY + "\n");
        Map<String, String> env = environment(Map.of("STRIPE_API_KEY_FILE", keyFile.toString()));
        env.remove("STRIPE_API_KEY");

        int exit = new ReconcileCommand(ReceiverConfig.fromEnvironment(env), ReconcileSettings.fromEnvironment(env),
                Clock.fixed(NOW, ZoneOffset.UTC)).run();

        assertThat(exit).isZero();
        assertThat(terminationMessage().get("recovered").getAsInt()).isEqualTo(1);
    }

    @Test
    void theWindowIsTheLookbackUpToFiveMinutesAgo() throws Exception {
        Instant boundary = NOW.minus(Duration.ofHours(26));
        add("evt_1AtTheBoundary", "invoice.paid", boundary, false);
        add("evt_1JustBeforeTheBoundary", "invoice.paid", boundary.minusSeconds(1), false);
        add("evt_1SixMinutesOld", "invoice.paid", NOW.minus(Duration.ofMinutes(6)), false);
        add("evt_1OneMinuteOld", "invoice.paid", NOW.minus(Duration.ofMinutes(1)), false);

        int exit = reconcile(Map.of());

        assertThat(exit).isZero();
        assertThat(stripe.requests().get(0))
                .containsEntry("created[gte]", String.valueOf(boundary.getEpochSecond()))
                .containsEntry("created[lte]", String.valueOf(NOW.minus(Duration.ofMinutes(5)).getEpochSecond()));
        assertThat(ids()).containsExactlyInAnyOrder("evt_1AtTheBoundary", "evt_1SixMinutesOld");
        assertThat(terminationMessage().get("listed").getAsInt()).isEqualTo(2);
    }

    @Test
    void aShorterLookbackNarrowsTheWindow() throws Exception {
        add("evt_1TwoHoursOld", "invoice.paid", NOW.minus(Duration.ofHours(2)), false);
        add("evt_1ThirtyMinutesOld", "invoice.paid", NOW.minus(Duration.ofMinutes(30)), false);

        reconcile(Map.of("RECONCILE_LOOKBACK", "1h"));

        assertThat(stripe.requests().get(0))
                .containsEntry("created[gte]", String.valueOf(NOW.minus(Duration.ofHours(1)).getEpochSecond()));
        assertThat(ids()).containsExactly("evt_1ThirtyMinutesOld");
    }

    @Test
    void typesNotEnabledAreStoredAsIgnored() throws Exception {
        add("evt_1InvoicePaid", "invoice.paid", NOW.minus(Duration.ofHours(1)), false);
        add("evt_1CustomerCreated", "customer.created", NOW.minus(Duration.ofHours(1)), false);

        int exit = reconcile(Map.of("ENABLED_EVENTS", "invoice.*"));

        assertThat(exit).isZero();
        assertThat(row("evt_1InvoicePaid").status()).isEqualTo("pending");
        Row ignored = row("evt_1CustomerCreated");
        assertThat(ignored.status()).isEqualTo("ignored");
        assertThat(ignored.source()).isEqualTo("reconcile");
        assertThat(ignored.nextAttemptDue()).as("never picked up for delivery").isFalse();
        JsonObject summary = terminationMessage();
        assertThat(summary.get("missing").getAsInt()).isEqualTo(2);
        assertThat(summary.get("recovered").getAsInt()).isEqualTo(1);
        assertThat(summary.get("ignored").getAsInt()).isEqualTo(1);
    }

    @Test
    void eventsOfTheOtherModeAreSkippedAndCounted() throws Exception {
        add("evt_1Live", "invoice.paid", NOW.minus(Duration.ofHours(1)), true);
        add("evt_1Test", "invoice.paid", NOW.minus(Duration.ofHours(1)), false);

        int exit = reconcile(Map.of("LIVEMODE", "true"));

        assertThat(exit).isZero();
        assertThat(ids()).containsExactly("evt_1Live");
        JsonObject summary = terminationMessage();
        assertThat(summary.get("listed").getAsInt()).isEqualTo(2);
        assertThat(summary.get("wrongMode").getAsInt()).isEqualTo(1);
        assertThat(summary.get("missing").getAsInt()).isEqualTo(1);
    }

    @Test
    void theTerminationMessageHasTheAgreedShape() throws Exception {
        events(2, "invoice.paid");

        reconcile(Map.of());

        JsonObject summary = terminationMessage();
        assertThat(summary.keySet()).containsExactly(
                "time", "listed", "alreadyPresent", "missing", "recovered", "ignored", "wrongMode", "outcome", "message");
        assertThat(summary.get("time").getAsString()).isEqualTo(NOW.toString());
        assertThat(Instant.parse(summary.get("time").getAsString())).isEqualTo(NOW);
        assertThat(summary.get("outcome").getAsString()).isEqualTo("Succeeded");
    }

    @Test
    void moreThanAHandfulOfRecoveredEventsRaisesAWarningAboutSilentWebhookFailures() throws Exception {
        events(ReconcileCommand.SILENT_FAILURE_THRESHOLD + 1, "invoice.paid");
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger(ReconcileCommand.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            reconcile(Map.of());
        } finally {
            logger.removeHandler(capture);
        }

        assertThat(records).anySatisfy(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getMessage()).contains("recovered 6 events for endpoint payments/billing")
                    .contains("webhooks may be failing silently");
        });
        assertThat(records).anySatisfy(r -> assertThat(r.getMessage())
                .startsWith("reconcile succeeded: endpoint=payments/billing listed=6 alreadyPresent=0 missing=6"
                        + " recovered=6 ignored=0 refused=0 wrongMode=0 duration="));
        assertThat(terminationMessage().get("message").getAsString()).endsWith("webhooks may be failing silently");
    }

    @Test
    void aHandfulOfRecoveredEventsIsNoAlarm() throws Exception {
        events(ReconcileCommand.SILENT_FAILURE_THRESHOLD, "invoice.paid");

        reconcile(Map.of());

        assertThat(terminationMessage().get("message").getAsString()).doesNotContain("failing silently");
    }

    @Test
    void anEventJsonbWouldRefuseIsRecoveredLikeAnyOther() throws Exception {
        List<JsonObject> events = events(3, "invoice.paid");
        // jsonb does not take an escaped NUL character, which JSON allows: the event is stored without its jsonb copy.
        events.get(1).getAsJsonObject("data").getAsJsonObject("object").addProperty("description", "line\u0000break");

        int exit = reconcile(Map.of());

        assertThat(exit).isZero();
        assertThat(ids()).hasSize(3);
        assertThat(terminationMessage().get("recovered").getAsInt()).isEqualTo(3);
    }

    @Test
    void anEventTheDatabaseRefusesFailsTheRunButTheOthersAreStored() throws Exception {
        List<JsonObject> events = events(3, "invoice.paid");
        JsonObject poisoned = events.get(1);
        // Too long for the primary key's index: refused whatever the batch, with SQL state 54000.
        poisoned.addProperty("id", "evt_" + new java.math.BigInteger(40_000, new java.util.Random(3)).toString(36));

        int exit = reconcile(Map.of());

        assertThat(exit).isEqualTo(1);
        assertThat(ids()).containsExactlyInAnyOrder(events.get(0).get("id").getAsString(),
                events.get(2).get("id").getAsString());
        JsonObject summary = terminationMessage();
        assertThat(summary.get("outcome").getAsString()).isEqualTo("Failed");
        assertThat(summary.get("recovered").getAsInt()).isEqualTo(2);
        assertThat(summary.get("missing").getAsInt()).isEqualTo(3);
        assertThat(summary.get("message").getAsString())
                .startsWith("the database refused 1 missing events, the others were stored: evt_");
    }

    @Test
    void anUnreachableDatabaseFailsTheRunBeforeAskingStripe() throws Exception {
        events(1, "invoice.paid");

        int exit = reconcile(Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/postgres"));

        assertThat(exit).isEqualTo(1);
        assertThat(terminationMessage().get("message").getAsString()).startsWith("cannot open the database");
        assertThat(stripe.requests()).isEmpty();
    }

    // --- given/when helpers ---

    private int reconcile(Map<String, String> overrides) {
        Map<String, String> env = environment(overrides);
        return new ReconcileCommand(ReceiverConfig.fromEnvironment(env), ReconcileSettings.fromEnvironment(env),
                Clock.fixed(NOW, ZoneOffset.UTC)).run();
    }

    private Map<String, String> environment(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                "DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                "DATABASE_POOL_SIZE", "2",
                "ENDPOINT_NAME", ENDPOINT,
                "STRIPE_API_KEY", API_KEY,
                "STRIPE_API_BASE", stripe.baseUrl(),
                "RECONCILE_PAGES_PER_SECOND", "100",
                "RECONCILE_MAX_NETWORK_RETRIES", "1",
                "TERMINATION_MESSAGE_PATH", terminationLog.toString()));
        env.putAll(overrides);
        return env;
    }

    /** {@code n} events an hour old and older, made oldest first, one second apart. */
    private static List<JsonObject> events(int n, String type) {
        List<JsonObject> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            made.add(add(String.format("evt_1Q%08d", i), type, NOW.minus(Duration.ofHours(2)).plusSeconds(i), false));
        }
        return made;
    }

    private static JsonObject add(String id, String type, Instant created, boolean livemode) {
        JsonObject event = event(id, type, created, livemode);
        stripe.add(event);
        return event;
    }

    private static void storeAsWebhook(JsonObject event) throws SQLException {
        new EventStore(database.dataSource()).insert(new NewEvent(ENDPOINT, event.get("id").getAsString(),
                event.get("type").getAsString(), event.get("livemode").getAsBoolean(),
                event.get("api_version").getAsString(), Instant.ofEpochSecond(event.get("created").getAsLong()),
                event.toString(), NewEvent.Source.WEBHOOK, NewEvent.Status.DELIVERED));
    }

    private JsonObject terminationMessage() throws IOException {
        return JsonParser.parseString(Files.readString(terminationLog)).getAsJsonObject();
    }

    // --- then helpers: read the table ---

    private record Row(String source, String status, boolean nextAttemptDue, String payload) {
        boolean payloadEqualsRaw(JsonObject served) {
            return JsonParser.parseString(payload).equals(served);
        }
    }

    private static Row row(String id) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT source, status, next_attempt_at IS NOT NULL AND next_attempt_at <= now(), payload::text"
                             + " FROM stripe_events WHERE endpoint = ? AND id = ?")) {
            query.setString(1, ENDPOINT);
            query.setString(2, id);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("row for " + id).isTrue();
                return new Row(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4));
            }
        }
    }

    private static List<String> sources() throws SQLException {
        return column("SELECT source FROM stripe_events");
    }

    private static List<String> ids() throws SQLException {
        return column("SELECT id FROM stripe_events");
    }

    private static long count() throws SQLException {
        return column("SELECT id FROM stripe_events").size();
    }

    /** Every column of every row, including received_at: a second run must not touch any of them. */
    private static List<String> snapshot() throws SQLException {
        return column("SELECT t::text FROM stripe_events t ORDER BY id");
    }

    private static List<String> column(String sql) throws SQLException {
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
}
