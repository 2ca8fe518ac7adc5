package dev.stripeoperator.receiver.forwarding;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.backfill.BackfillCommand;
import dev.stripeoperator.receiver.backfill.BackfillSettings;
import dev.stripeoperator.receiver.backfill.StripeEventJson;
import dev.stripeoperator.receiver.backfill.StripeEventsApi;
import dev.stripeoperator.receiver.testing.RunningReceiver;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/operations.md, "Closing the gap after a restore", end to end on a real PostgreSQL, the real receiver and its
 * forwarding to a sink, and the Stripe events API stand-in: the store loses its last hour, as a restore from an hour-old
 * backup does; the documented {@code reconcile} run brings every row back, and the sink receives only the events it
 * had not seen before.
 */
class RestoreGapIT {

    private static final String SECRET = "whsec_restore_gap_it";
    private static final String API_KEY = "sk_test_51RestoreGapKeyForTestsOnly";
    private static final String ENDPOINT = "payments/billing";

    @TempDir
    Path tmp;

    private TestDatabase db;
    private TestSink sink;
    private StripeEventsApi stripe;
    private RunningReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.start();
        sink = TestSink.start(request -> TestSink.SinkAnswer.status(200));
        stripe = StripeEventsApi.start(API_KEY);
        receiver = RunningReceiver.start(
                db,
                Map.of(
                        "ENDPOINT_NAME",
                        ENDPOINT,
                        "STRIPE_WEBHOOK_SECRET",
                        SECRET,
                        "SINK_URL",
                        sink.uri().toString()));
    }

    @AfterEach
    void stop() {
        sink.close();
        receiver.close();
        stripe.close();
        db.close();
    }

    @Test
    void theDocumentedBackfillBringsTheLostHourBackAndTheSinkGetsOnlyWhatItNeverSaw() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant backup = now.minus(Duration.ofHours(1));
        Instant lost = now.minus(Duration.ofMinutes(30));
        // Stripe lists every event of the account: before the backup, in the hour after it (acknowledged and
        // forwarded, then lost with the store), and while the store was down (never acknowledged).
        List<JsonObject> beforeBackup = List.of(
                stripeEvent("evt_1QBeforeBackupA", now.minus(Duration.ofHours(3))),
                stripeEvent("evt_1QBeforeBackupB", now.minus(Duration.ofHours(2))));
        List<JsonObject> afterBackup = List.of(
                stripeEvent("evt_1QAfterBackupA", now.minus(Duration.ofMinutes(50))),
                stripeEvent("evt_1QAfterBackupB", now.minus(Duration.ofMinutes(40))),
                stripeEvent("evt_1QAfterBackupC", now.minus(Duration.ofMinutes(35))));
        List<JsonObject> duringOutage = List.of(
                stripeEvent("evt_1QDuringOutageA", now.minus(Duration.ofMinutes(20))),
                stripeEvent("evt_1QDuringOutageB", now.minus(Duration.ofMinutes(15))));
        List<JsonObject> delivered = new ArrayList<>(beforeBackup);
        delivered.addAll(afterBackup);
        for (JsonObject event : delivered) {
            String payload = event.toString();
            assertThat(receiver.deliver(payload, StripeSigner.sign(payload, SECRET))
                            .statusCode())
                    .isEqualTo(200);
        }
        await().until(() -> sink.received().size() == delivered.size());
        // Each as received when Stripe created it; then the restore from the hour-old backup.
        execute("UPDATE stripe_events SET received_at = to_timestamp((payload ->> 'created')::bigint)");
        execute("DELETE FROM stripe_events WHERE received_at > '" + backup + "'");
        assertThat(ids()).containsExactlyInAnyOrderElementsOf(ids(beforeBackup));

        int exit = reconcile(
                "--since", backup.minus(Duration.ofMinutes(10)).toString(), "--forwarded-before", lost.toString());

        assertThat(exit).isZero();
        List<JsonObject> all = new ArrayList<>(delivered);
        all.addAll(duringOutage);
        assertThat(ids()).as("every row is back").containsExactlyInAnyOrderElementsOf(ids(all));
        for (String id : ids(afterBackup)) {
            assertThat(db.status(id)).as(id).contains("delivered");
            assertThat(db.column(id, "source")).as(id).contains("reconcile");
            assertThat(db.column(id, "attempts"))
                    .as("%s is not forwarded again", id)
                    .contains("0");
        }
        await().until(() -> ids(duringOutage).stream()
                .allMatch(id -> db.status(id).orElseThrow().equals("delivered")));
        assertThat(sink.received())
                .extracting(TestSink.Received::eventId)
                .as("each event reached the sink once: the lost hour's were not sent again")
                .containsExactlyInAnyOrderElementsOf(ids(all));
    }

    private JsonObject stripeEvent(String id, Instant created) {
        JsonObject event = StripeEventJson.event(id, "invoice.paid", created, false);
        stripe.add(event);
        return event;
    }

    /** The receiver's {@code reconcile} command with the receiver's settings, as the backfill Job runs it. */
    private int reconcile(String... args) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", db.jdbcUrl());
        env.put("ENDPOINT_NAME", ENDPOINT);
        env.put("STRIPE_API_KEY", API_KEY);
        env.put("STRIPE_API_BASE", stripe.baseUrl());
        env.put(
                "TERMINATION_MESSAGE_PATH",
                Files.createFile(tmp.resolve("termination-log")).toString());
        return new BackfillCommand(
                        ReceiverConfig.fromEnvironment(env),
                        BackfillSettings.fromEnvironment(env),
                        Clock.systemUTC(),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(List.of(args));
    }

    private static List<String> ids(List<JsonObject> events) {
        return events.stream().map(event -> event.get("id").getAsString()).toList();
    }

    private List<String> ids() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM stripe_events")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
