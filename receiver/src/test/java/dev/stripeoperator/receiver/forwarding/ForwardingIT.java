package dev.stripeoperator.receiver.forwarding;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stripeoperator.receiver.forwarding.TestSink.SinkAnswer;
import dev.stripeoperator.receiver.store.Database;
import dev.stripeoperator.receiver.store.NewEvent;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery worker against a real PostgreSQL and a real HTTP sink on loopback.
 */
class ForwardingIT {

    @RegisterExtension
    static final EventsDatabase db = new EventsDatabase();

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable closeable : running.reversed()) {
            closeable.close();
        }
    }

    /** Fast settings: backoff in milliseconds, short poll interval. */
    static ForwardingConfig fast(URI sink, int maxAttempts) {
        return forwarding(sink, maxAttempts, ofMillis(200), ofSeconds(2), ofSeconds(5), ofMillis(50));
    }

    /** Unsigned forwarding to {@code sink}: backoff from 50 ms, 4 workers on 2 connections, rows kept 90 days. */
    static ForwardingConfig forwarding(
            URI sink, int maxAttempts, Duration backoffMax, Duration timeout, Duration lease, Duration pollInterval) {
        return new ForwardingConfig(
                Optional.of(sink),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                maxAttempts,
                ofMillis(50),
                backoffMax,
                timeout,
                lease,
                4,
                pollInterval,
                2,
                Duration.ofDays(90),
                Duration.ofHours(1));
    }

    @Test
    void sinkUpReceivesTheEventOnceWithItsHeaders() throws Exception {
        db.storePending("evt_up");
        TestSink sink = sink(request -> SinkAnswer.status(204));

        start(fast(sink.uri(), 12), db.database(), Metrics.globalRegistry());

        await().until(() -> db.existing("evt_up").status().equals("delivered"));
        await().during(Duration.ofMillis(500)).until(() -> sink.received().size() == 1);
        TestSink.Received request = sink.received().getFirst();
        assertThat(request.header("Stripe-Event-Id")).isEqualTo("evt_up");
        assertThat(request.header("Stripe-Event-Type")).isEqualTo("invoice.paid");
        assertThat(request.header("Idempotency-Key")).isEqualTo("evt_up");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Stripe-Event-Created"))
                .isEqualTo(Long.toString(Instant.parse("2026-11-23T12:00:00Z").getEpochSecond()));
        JsonObject body = JsonParser.parseString(request.body()).getAsJsonObject();
        assertThat(body.get("id").getAsString()).isEqualTo("evt_up");
        assertThat(body.get("created").getAsLong())
                .isEqualTo(Instant.parse("2026-11-23T12:00:00Z").getEpochSecond());
        EventsDatabase.Row row = db.existing("evt_up");
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.deliveredAt()).isNotNull();
        assertThat(row.lastError()).isNull();
        assertThat(row.nextAttemptAt()).isNull();
    }

    @Test
    void anEventRecoveredAtAnotherApiVersionCarriesThatVersionInAHeaderAndIsCounted() throws Exception {
        db.storeRecoveredAtAnotherApiVersion("evt_other_version");
        db.storePending("evt_webhook");
        TestSink sink = sink(request -> SinkAnswer.status(200));
        MeterRegistry registry = Metrics.globalRegistry();

        start(fast(sink.uri(), 12), db.database(), registry);

        await().until(() -> db.existing("evt_other_version").status().equals("delivered")
                && db.existing("evt_webhook").status().equals("delivered"));
        assertThat(sink.received("evt_other_version").getFirst().header(SinkClient.API_VERSION_HEADER))
                .isEqualTo("2024-06-20");
        assertThat(sink.received("evt_webhook").getFirst().header(SinkClient.API_VERSION_HEADER))
                .isNull();
        // The worker counts after it recorded the outcome.
        await().untilAsserted(() -> assertThat(registry.counter(ForwardingMetrics.API_VERSION_MISMATCHES, List.of()))
                .hasValueSatisfying(counter -> assertThat(counter.count()).isEqualTo(1)));
    }

    @Test
    void sinkDownThenUpDeliversAfterRetriesOnce() throws Exception {
        int port;
        try (TestSink reserved = TestSink.start(request -> SinkAnswer.status(200))) {
            port = reserved.port();
        }
        URI sinkUrl = URI.create("http://127.0.0.1:" + port + "/events");
        db.storePending("evt_down");

        start(fast(sinkUrl, 100), db.database(), Metrics.globalRegistry());
        await().until(() -> db.existing("evt_down").attempts() >= 2);
        EventsDatabase.Row failing = db.existing("evt_down");
        assertThat(failing.status()).isIn("failed", "pending");
        assertThat(failing.lastError()).startsWith("cannot reach the sink");

        TestSink sink = running(TestSink.start(request -> SinkAnswer.status(200), port));
        await().until(() -> db.existing("evt_down").status().equals("delivered"));
        await().during(Duration.ofMillis(500)).until(() -> sink.received().size() == 1);
        assertThat(db.existing("evt_down").lastError()).isNull();
    }

    @Test
    void serverErrorsAreRetriedWithTheSameIdempotencyKey() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TestSink sink = sink(request -> calls.incrementAndGet() <= 2 ? SinkAnswer.status(503) : SinkAnswer.status(200));
        db.storePending("evt_503");

        start(fast(sink.uri(), 12), db.database(), Metrics.globalRegistry());

        await().until(() -> db.existing("evt_503").status().equals("delivered"));
        assertThat(db.existing("evt_503").attempts()).isEqualTo(3);
        assertThat(sink.received())
                .hasSize(3)
                .extracting(request -> request.header("Idempotency-Key"))
                .containsOnly("evt_503");
    }

    @Test
    void clientErrorIsDeadAtOnceWithTheReason() throws Exception {
        TestSink sink = sink(request -> SinkAnswer.status(400));
        db.storePending("evt_400");
        MeterRegistry registry = Metrics.globalRegistry();

        start(fast(sink.uri(), 12), db.database(), registry);

        await().until(() -> db.existing("evt_400").status().equals("dead"));
        EventsDatabase.Row row = db.existing("evt_400");
        assertThat(row.lastError()).isEqualTo("sink answered HTTP 400");
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.nextAttemptAt()).isNull();
        await().during(Duration.ofMillis(300)).until(() -> sink.received().size() == 1);
        assertThat(registry.counter(ForwardingMetrics.OUTCOMES, List.of(Tag.create("outcome", "dead"))))
                .hasValueSatisfying(counter -> assertThat(counter.count()).isEqualTo(1));
    }

    @Test
    void retryableFailuresEndDeadAfterMaxAttempts() throws Exception {
        TestSink sink = sink(request -> SinkAnswer.status(500));
        db.storePending("evt_500");

        start(fast(sink.uri(), 3), db.database(), Metrics.globalRegistry());

        await().until(() -> db.existing("evt_500").status().equals("dead"));
        EventsDatabase.Row row = db.existing("evt_500");
        assertThat(row.attempts()).isEqualTo(3);
        assertThat(row.lastError()).isEqualTo("sink answered HTTP 500 (gave up after 3 attempts)");
        assertThat(sink.received()).hasSize(3);
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() throws Exception {
        TestSink sink = sink(request -> SinkAnswer.status(429, "Retry-After", "120"));
        db.storePending("evt_429");
        ForwardingConfig config = forwarding(sink.uri(), 12, ofMinutes(10), ofSeconds(2), ofSeconds(5), ofMillis(50));

        start(config, db.database(), Metrics.globalRegistry());

        await().until(() -> db.existing("evt_429").status().equals("failed"));
        EventsDatabase.Row row = db.existing("evt_429");
        assertThat(row.lastError()).isEqualTo("sink answered HTTP 429");
        assertThat(row.nextAttemptAt())
                .isAfterOrEqualTo(sink.received().getFirst().at().plusSeconds(119));
        await().during(Duration.ofMillis(500)).until(() -> sink.received().size() == 1);
    }

    @Test
    void aHungSinkHoldsNoDatabaseConnection() throws Exception {
        TestSink sink = sink(request -> SinkAnswer.hanging());
        for (int i = 0; i < 4; i++) {
            db.storePending("evt_hang_" + i);
        }
        ForwardingConfig config = forwarding(sink.uri(), 12, ofMillis(200), ofSeconds(5), ofSeconds(10), ofMillis(50));

        start(config, db.database(), Metrics.globalRegistry());

        await().until(() -> sink.received().size() == 4);
        await().untilAsserted(() -> assertThat(
                        db.database().pool().getHikariPoolMXBean().getActiveConnections())
                .isZero());
        assertThat(db.count("status = 'pending' AND attempts = 1")).isEqualTo(4);
    }

    @Test
    void aClaimAbandonedByADeadWorkerIsDeliveredWhenItsLeaseRunsOut() throws Exception {
        TestSink sink = sink(request -> SinkAnswer.status(200));
        db.storePending("evt_orphan");
        ForwardingQueue crashed = new ForwardingQueue(
                new ConnectionBudget(db.database().dataSource(), 1), EventsDatabase.ENDPOINT, Duration.ofSeconds(2));
        List<ClaimedEvent> claimed = crashed.claim(10);
        assertThat(claimed).extracting(ClaimedEvent::id).containsExactly("evt_orphan");
        Instant leaseEnd = db.existing("evt_orphan").nextAttemptAt();

        start(fast(sink.uri(), 12), db.database(), Metrics.globalRegistry());

        await().until(() -> db.existing("evt_orphan").status().equals("delivered"));
        assertThat(sink.received()).hasSize(1);
        assertThat(sink.received().getFirst().at()).isAfterOrEqualTo(leaseEnd.minusMillis(50));
        assertThat(db.existing("evt_orphan").attempts()).isEqualTo(2);
        assertThat(crashed.record(
                        List.of(AttemptResult.dead(claimed.getFirst(), "late outcome of the abandoned attempt"))))
                .as("the late outcome of the abandoned claim is not stored")
                .isEmpty();
        assertThat(db.existing("evt_orphan").status()).isEqualTo("delivered");
    }

    @Test
    void anAbandonedLastAttemptEndsDeadWithoutAnotherSend() throws Exception {
        TestSink sink = sink(request -> SinkAnswer.status(200));
        db.storePending("evt_last");
        new ForwardingQueue(
                        new ConnectionBudget(db.database().dataSource(), 1),
                        EventsDatabase.ENDPOINT,
                        Duration.ofSeconds(1))
                .claim(1);

        start(fast(sink.uri(), 1), db.database(), Metrics.globalRegistry());

        await().until(() -> db.existing("evt_last").status().equals("dead"));
        assertThat(db.existing("evt_last").lastError())
                .isEqualTo("gave up after 1 attempts (the last one was abandoned)");
        assertThat(sink.received()).isEmpty();
    }

    @Test
    void newEventsAreSentAtOnceWhenTheWorkerIsWokenUp() throws Exception {
        TestSink sink = sink(request -> SinkAnswer.status(200));
        ForwardingConfig slowPolling =
                forwarding(sink.uri(), 12, ofMillis(200), ofSeconds(2), ofSeconds(5), ofMinutes(10));
        BackgroundWork delivery = running(BackgroundWork.start(
                db.receiverConfig(Map.of()), slowPolling, db.database().dataSource(), Metrics.globalRegistry()));
        await().during(Duration.ofMillis(300)).until(() -> sink.received().isEmpty());

        db.storePending("evt_woken");
        delivery.eventsStored();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> db.existing("evt_woken").status().equals("delivered"));
    }

    @Test
    void stoppingLetsAnAttemptInFlightFinishAndRecordsItsOutcome() throws Exception {
        TestSink sink = sink(request -> SinkAnswer.slowly(200, Duration.ofSeconds(1)));
        db.storePending("evt_in_flight");
        BackgroundWork delivery = BackgroundWork.start(
                db.receiverConfig(Map.of()),
                fast(sink.uri(), 12),
                db.database().dataSource(),
                Metrics.globalRegistry());
        await().until(() -> sink.received().size() == 1);

        delivery.close();

        EventsDatabase.Row row = db.existing("evt_in_flight");
        assertThat(row.status()).isEqualTo("delivered");
        assertThat(row.attempts()).isEqualTo(1);
    }

    @Test
    void aClaimTakesOnlyDueUnfinishedRowsOfItsEndpointOldestFirst() throws Exception {
        db.storePending("evt_due_later");
        db.storePending("evt_due_first");
        db.execute("UPDATE stripe_events SET next_attempt_at = now() - interval '1 minute' WHERE id = 'evt_due_first'");
        db.storePending("evt_retry_due");
        db.execute("UPDATE stripe_events SET status = 'failed', attempts = 1 WHERE id = 'evt_retry_due'");
        db.storePending("evt_retry_later");
        db.execute(
                "UPDATE stripe_events SET status = 'failed', next_attempt_at = now() + interval '1 hour' WHERE id = 'evt_retry_later'");
        db.store(EventsDatabase.ENDPOINT, "evt_delivered", NewEvent.Status.DELIVERED);
        db.store(EventsDatabase.ENDPOINT, "evt_dead", NewEvent.Status.DEAD);
        db.store(EventsDatabase.ENDPOINT, "evt_ignored", NewEvent.Status.IGNORED);
        db.store("payments/other", "evt_other_endpoint", NewEvent.Status.PENDING);
        ForwardingQueue queue = new ForwardingQueue(
                new ConnectionBudget(db.database().dataSource(), 1), EventsDatabase.ENDPOINT, Duration.ofMinutes(1));

        List<ClaimedEvent> oldest = queue.claim(1);
        List<ClaimedEvent> rest = queue.claim(10);

        assertThat(oldest).extracting(ClaimedEvent::id).containsExactly("evt_due_first");
        assertThat(rest).extracting(ClaimedEvent::id).containsExactlyInAnyOrder("evt_due_later", "evt_retry_due");
        assertThat(rest).extracting(ClaimedEvent::attempt).containsExactlyInAnyOrder(1, 2);
        assertThat(rest)
                .extracting(ClaimedEvent::claimToken)
                .doesNotContainNull()
                .doesNotContain(oldest.getFirst().claimToken());
        assertThat(queue.claim(10)).as("leased rows are not claimed twice").isEmpty();
    }

    @Test
    void twoReplicasOnOneDatabaseSendEachEventExactlyOnce() throws Exception {
        TestSink sink = sink(request -> SinkAnswer.status(200));
        db.execute("""
                INSERT INTO stripe_events (endpoint, id, type, livemode, created, payload, body, source, status, next_attempt_at)
                SELECT 'payments/billing', 'evt_many_' || n, 'invoice.paid', false, now(),
                       jsonb_build_object('id', 'evt_many_' || n, 'object', 'event'),
                       convert_to(jsonb_build_object('id', 'evt_many_' || n, 'object', 'event')::text, 'UTF8'),
                       'webhook', 'pending', now()
                  FROM generate_series(1, 500) n""");
        Database replica = running(db.openReplica());

        start(fast(sink.uri("/first"), 12), db.database(), Metrics.globalRegistry());
        start(fast(sink.uri("/second"), 12), replica, Metrics.globalRegistry());

        await().atMost(Duration.ofMinutes(2)).until(() -> db.count("status = 'delivered'") == 500);
        Map<String, Long> perEvent = sink.received().stream()
                .collect(Collectors.groupingBy(TestSink.Received::eventId, Collectors.counting()));
        assertThat(perEvent).hasSize(500);
        assertThat(perEvent.values()).containsOnly(1L);
        assertThat(db.count("attempts <> 1")).isZero();
        Map<String, Long> perReplica =
                sink.received().stream().collect(Collectors.groupingBy(TestSink.Received::path, Collectors.counting()));
        assertThat(perReplica).as("both replicas took part").containsOnlyKeys("/first", "/second");
    }

    private TestSink sink(java.util.function.Function<TestSink.Received, SinkAnswer> answers) {
        return running(TestSink.start(answers));
    }

    private void start(ForwardingConfig config, Database database, MeterRegistry registry) {
        running(BackgroundWork.start(db.receiverConfig(Map.of()), config, database.dataSource(), registry));
    }

    private <T extends AutoCloseable> T running(T closeable) {
        running.add(closeable);
        return closeable;
    }
}
