package dev.stripeoperator.receiver.forwarding;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.stripeoperator.receiver.forwarding.TestSink.SinkAnswer;
import dev.stripeoperator.receiver.store.Database;
import dev.stripeoperator.receiver.store.NewEvent;
import io.helidon.metrics.api.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replay command against a real PostgreSQL, and a replayed event going out again through the worker.
 */
class ReplayCommandIT {

    @RegisterExtension
    static final EventsDatabase db = new EventsDatabase();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ReplayCommand command = new ReplayCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Database::open);

    @Test
    void aReplayedDeadEventIsDeliveredAgain() throws Exception {
        AtomicBoolean fixed = new AtomicBoolean();
        db.storePending("evt_dead");
        try (TestSink sink = TestSink.start(request -> fixed.get() ? SinkAnswer.status(200) : SinkAnswer.status(422));
                Forwarding delivery = Forwarding.start(
                        db.receiverConfig(Map.of("SINK_URL", sink.uri().toString())),
                        ForwardingIT.fast(12),
                        db.database().dataSource(),
                        Metrics.globalRegistry())) {
            await().until(() -> db.existing("evt_dead").status().equals("dead"));
            fixed.set(true);

            int exit = replay("--id", "evt_dead");

            assertThat(exit).isZero();
            assertThat(output())
                    .contains(
                            "replayed evt_dead (was dead, 1 attempts)",
                            "replayed 1 event(s) of endpoint payments/billing");
            await().until(() -> db.existing("evt_dead").status().equals("delivered"));
            assertThat(sink.received("evt_dead")).hasSize(2);
            EventsDatabase.Row row = db.existing("evt_dead");
            assertThat(row.attempts()).isEqualTo(1);
            assertThat(row.lastError()).isNull();
        }
    }

    @Test
    void replayResetsAttemptsAndKeepsTheLastError() throws Exception {
        db.storePending("evt_gave_up");
        db.execute("UPDATE stripe_events SET status = 'dead', attempts = 12, next_attempt_at = NULL,"
                + " last_error = 'sink answered HTTP 503 (gave up after 12 attempts)' WHERE id = 'evt_gave_up'");

        assertThat(replay("--status", "dead")).isZero();

        EventsDatabase.Row row = db.existing("evt_gave_up");
        assertThat(row.status()).isEqualTo("pending");
        assertThat(row.attempts()).isZero();
        assertThat(row.nextAttemptAt()).isNotNull();
        assertThat(row.lastError()).isEqualTo("sink answered HTTP 503 (gave up after 12 attempts)");
    }

    @Test
    void statusSelectsOnlyThatStateOfThisEndpoint() throws Exception {
        db.store(EventsDatabase.ENDPOINT, "evt_dead_1", NewEvent.Status.DEAD);
        db.store(EventsDatabase.ENDPOINT, "evt_dead_2", NewEvent.Status.DEAD);
        db.store(EventsDatabase.ENDPOINT, "evt_delivered", NewEvent.Status.DELIVERED);
        db.store(EventsDatabase.ENDPOINT, "evt_ignored", NewEvent.Status.IGNORED);
        db.store("payments/other", "evt_dead_elsewhere", NewEvent.Status.DEAD);

        assertThat(replay("--status", "dead")).isZero();

        assertThat(output())
                .contains("replayed evt_dead_1", "replayed evt_dead_2", "replayed 2 event(s)")
                .doesNotContain("evt_delivered", "evt_ignored", "evt_dead_elsewhere");
        assertThat(db.existing("evt_dead_1").status()).isEqualTo("pending");
        assertThat(db.existing("evt_delivered").status()).isEqualTo("delivered");
        assertThat(db.existing("evt_ignored").status()).isEqualTo("ignored");
        assertThat(db.count("endpoint = 'payments/other' AND status = 'dead'")).isEqualTo(1);
        assertThat(db.count("true")).isEqualTo(5);
    }

    @Test
    void timeWindowSelectsByReceivedAt() throws Exception {
        for (String id : List.of("evt_before", "evt_inside", "evt_after")) {
            db.store(EventsDatabase.ENDPOINT, id, NewEvent.Status.DELIVERED);
        }
        db.execute("UPDATE stripe_events SET received_at = '2026-11-23T13:59:59Z' WHERE id = 'evt_before'");
        db.execute("UPDATE stripe_events SET received_at = '2026-11-23T14:30:00Z' WHERE id = 'evt_inside'");
        db.execute("UPDATE stripe_events SET received_at = '2026-11-23T15:00:00Z' WHERE id = 'evt_after'");

        assertThat(replay("--since", "2026-11-23T14:00:00Z", "--until", "2026-11-23T15:00:00Z"))
                .isZero();

        assertThat(output()).contains("replayed evt_inside (was delivered", "replayed 1 event(s)");
        assertThat(db.existing("evt_before").status()).isEqualTo("delivered");
        assertThat(db.existing("evt_inside").status()).isEqualTo("pending");
        assertThat(db.existing("evt_after").status()).isEqualTo("delivered");
    }

    @Test
    void namedEventsThatCannotBeReplayedAreReportedAndNoRowIsCreated() throws Exception {
        db.storePending("evt_waiting");
        db.store(EventsDatabase.ENDPOINT, "evt_filtered", NewEvent.Status.IGNORED);
        db.storePending("evt_in_flight");
        db.execute("UPDATE stripe_events SET status = 'failed', claim_token = gen_random_uuid(),"
                + " next_attempt_at = now() + interval '1 minute' WHERE id = 'evt_in_flight'");

        int exit =
                replay("--id", "evt_waiting", "--id", "evt_filtered", "--id", "evt_in_flight", "--id", "evt_unknown");

        assertThat(exit).isZero();
        assertThat(output())
                .contains(
                        "skipped evt_waiting: already pending",
                        "skipped evt_filtered: ignored (not in ENABLED_EVENTS)",
                        "skipped evt_in_flight: being delivered right now",
                        "skipped evt_unknown: not found",
                        "replayed 0 event(s)");
        assertThat(db.row("evt_unknown")).isEmpty();
        assertThat(db.count("true")).isEqualTo(3);
        assertThat(db.existing("evt_in_flight").status()).isEqualTo("failed");
    }

    @Test
    void anUnreachableDatabaseExitsWithOne() {
        int exit = command.run(
                List.of("--status", "dead"),
                db.receiverConfig(
                        Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/none", "DATABASE_POOL_SIZE", "1")));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("replay: failed:");
    }

    @Test
    void aDatabaseUrlThatIsNotPostgresIsAConfigurationError() {
        int exit = command.run(
                List.of("--status", "dead"), db.receiverConfig(Map.of("DATABASE_URL", "jdbc:mysql://db/events")));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("configuration error", "DATABASE_URL");
    }

    private int replay(String... args) {
        return command.run(List.of(args), db.receiverConfig(Map.of()));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
