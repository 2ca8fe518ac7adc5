package dev.stripeoperator.receiver.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupCommitIT {

    private TestDatabase db;
    private Database database;
    private EventTable store;

    @BeforeAll
    void start() {
        db = TestDatabase.start();
        database = Database.open(ReceiverConfig.fromEnvironment(Map.of("DATABASE_URL", db.jdbcUrl())));
        store = new EventTable(database.dataSource());
    }

    @AfterAll
    void stop() {
        database.close();
        db.close();
    }

    @Test
    void singleInsertReportsNewThenDuplicate() throws Exception {
        NewEvent event = event("a", TestEvents.newId());

        assertThat(store.insertIsolating(List.of(event)).stored()).containsExactly(EventKey.of(event));
        assertThat(store.insertIsolating(List.of(event)).stored()).isEmpty();
        assertThat(db.count(event.id())).isEqualTo(1);
    }

    @Test
    void batchStoresEachKeyOnceAndReportsOnlyNewKeys() throws Exception {
        NewEvent old = event("a", TestEvents.newId());
        store.insertIsolating(List.of(old));
        NewEvent fresh = event("a", TestEvents.newId());
        NewEvent sameIdOtherEndpoint = event("b", fresh.id());

        var stored = store.insertIsolating(List.of(fresh, old, fresh, sameIdOtherEndpoint))
                .stored();

        assertThat(stored).containsExactlyInAnyOrder(EventKey.of(fresh), EventKey.of(sameIdOtherEndpoint));
        assertThat(db.count(fresh.id())).isEqualTo(2);
    }

    @Test
    void queuedDuplicatesInOneCommitAnswerNewExactlyOnce() throws Exception {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        NewEvent event = event("a", TestEvents.newId());
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        try (GroupCommit groupCommit = new GroupCommit(store, limits(64, 1000), () -> true, batches::add)) {
            for (int i = 0; i < 40; i++) {
                answers.add(groupCommit.submit(event));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get();
        }

        assertThat(answers).filteredOn(CompletableFuture::join).hasSize(1);
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(40);
        assertThat(db.count(event.id())).isEqualTo(1);
    }

    @Test
    void fullQueueIsRefusedAtOnce() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EventTable held = heldStore(writing, release);
        try (GroupCommit groupCommit = new GroupCommit(held, limits(1, 1), () -> true, n -> {})) {
            CompletableFuture<Boolean> inFlight = groupCommit.submit(event("a", TestEvents.newId()));
            writing.await();
            CompletableFuture<Boolean> queued = groupCommit.submit(event("a", TestEvents.newId()));

            assertThatThrownBy(() -> groupCommit.store(event("a", TestEvents.newId()), Duration.ofSeconds(5)))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("too many");
            release.countDown();
            assertThat(inFlight.get()).isTrue();
            assertThat(queued.get()).isTrue();
        }
    }

    @Test
    void commitOnAnUnreachableDatabaseFailsEveryDeliveryInIt() {
        try (Database unreachable = Database.connect(
                        ReceiverConfig.fromEnvironment(Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/none")));
                GroupCommit groupCommit = new GroupCommit(
                        new EventTable(unreachable.dataSource()), limits(64, 100), () -> true, n -> {})) {
            CompletableFuture<Boolean> first = groupCommit.submit(event("a", TestEvents.newId()));
            CompletableFuture<Boolean> second = groupCommit.submit(event("a", TestEvents.newId()));

            assertThatThrownBy(first::get).hasCauseInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(second::get).hasCauseInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void notReadyRefusesAtOnceWithoutQueueing() {
        try (GroupCommit groupCommit = new GroupCommit(store, limits(64, 100), () -> false, n -> {})) {
            assertThatThrownBy(() -> groupCommit.store(event("a", TestEvents.newId()), Duration.ofSeconds(5)))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("not ready");
            assertThat(groupCommit.queued()).isZero();
        }
    }

    @Test
    void queueIsBoundedInBytesNotOnlyInRows() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EventTable held = heldStore(writing, release);
        NewEvent first = event("a", TestEvents.newId());
        long oneBody = event("a", TestEvents.newId()).body().length;
        // Room for 100 rows, but only for two bodies' bytes.
        try (GroupCommit groupCommit =
                new GroupCommit(held, new GroupCommit.Limits(1, 100, 2 * oneBody + 10), () -> true, n -> {})) {
            CompletableFuture<Boolean> inFlight = groupCommit.submit(first);
            writing.await();
            CompletableFuture<Boolean> second = groupCommit.submit(event("a", TestEvents.newId()));
            CompletableFuture<Boolean> third = groupCommit.submit(event("a", TestEvents.newId()));
            CompletableFuture<Boolean> fourth = groupCommit.submit(event("a", TestEvents.newId()));

            assertThatThrownBy(fourth::get)
                    .hasCauseInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("too many bytes");
            assertThat(groupCommit.queuedBytes()).isEqualTo(2 * oneBody);
            release.countDown();
            assertThat(inFlight.get()).isTrue();
            assertThat(second.get()).isTrue();
            assertThat(third.get()).isTrue();
            assertThat(groupCommit.queuedBytes()).isZero();
        }
    }

    @Test
    void writerSurvivesAnErrorFailingOnlyTheBatchInHand() throws Exception {
        NewEvent poisoned = event("a", TestEvents.newId());
        EventTable failingOnce = new EventTable(database.dataSource()) {
            @Override
            public Inserted insertIsolating(List<NewEvent> events) throws java.sql.SQLException {
                if (events.contains(poisoned)) {
                    throw new StackOverflowError("a library blew up");
                }
                return super.insertIsolating(events);
            }
        };
        try (GroupCommit groupCommit = new GroupCommit(failingOnce, limits(64, 100), () -> true, n -> {})) {
            CompletableFuture<Boolean> failed = groupCommit.submit(poisoned);
            assertThatThrownBy(failed::get).hasCauseInstanceOf(StoreUnavailableException.class);

            NewEvent later = event("a", TestEvents.newId());
            assertThat(groupCommit.store(later, Duration.ofSeconds(5))).isTrue();
            assertThat(groupCommit.stalledFor()).isLessThan(Duration.ofSeconds(1));
        }
        assertThat(db.count(poisoned.id())).isZero();
    }

    @Test
    void aHungWriterShowsAsStalledWhileWorkWaits() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        EventTable hung = heldStore(new CountDownLatch(1), release);
        try (GroupCommit groupCommit = new GroupCommit(hung, limits(64, 100), () -> true, n -> {})) {
            assertThat(groupCommit.stalledFor()).isZero();
            CompletableFuture<Boolean> waiting = groupCommit.submit(event("a", TestEvents.newId()));
            pause(Duration.ofMillis(700));

            assertThat(groupCommit.stalledFor()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            release.countDown();
            assertThat(waiting.get()).isTrue();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> groupCommit.stalledFor().isZero());
        }
    }

    @Test
    void rowTheDatabaseRefusesFailsAloneWhateverItsSqlState() throws Exception {
        NewEvent blocker = event("a", TestEvents.newId());
        NewEvent good = event("a", TestEvents.newId());
        // Too long for the primary key's index (SQL state 54000, not a data exception of class 22).
        String poisonId = "evt_" + new java.math.BigInteger(40_000, new java.util.Random(7)).toString(36);
        NewEvent poison = event("a", poisonId);
        List<Integer> batches = new CopyOnWriteArrayList<>();
        EventTable slowFirst = new EventTable(database.dataSource()) {
            @Override
            public Inserted insertIsolating(List<NewEvent> events) throws java.sql.SQLException {
                if (events.contains(blocker)) {
                    pause(Duration.ofMillis(500));
                }
                return super.insertIsolating(events);
            }
        };
        try (GroupCommit groupCommit = new GroupCommit(slowFirst, limits(64, 100), () -> true, batches::add)) {
            CompletableFuture<Boolean> first = groupCommit.submit(blocker);
            pause(Duration.ofMillis(100));
            CompletableFuture<Boolean> refused = groupCommit.submit(poison);
            CompletableFuture<Boolean> stored = groupCommit.submit(good);

            assertThat(first.get()).isTrue();
            assertThat(stored.get()).isTrue();
            assertThatThrownBy(refused::get).hasCauseInstanceOf(StoreUnavailableException.class);
        }
        assertThat(db.count(good.id())).isEqualTo(1);
        assertThat(db.count(poisonId)).isZero();
        assertThat(batches.stream().mapToInt(Integer::intValue).sum())
                .as("committed rows")
                .isEqualTo(2);
    }

    @Test
    void everyColumnOfEveryRowInABatchIsStoredAsGiven() throws Exception {
        Instant created = Instant.parse("2026-12-06T10:15:30.123456Z");
        String thinId = TestEvents.newId();
        NewEvent thin = new NewEvent(
                "a",
                thinId,
                "v1.billing.meter.error_report_triggered",
                true,
                null,
                created,
                TestEvents.event(thinId, "v1.billing.meter.error_report_triggered"),
                TestEvents.event(thinId, "v1.billing.meter.error_report_triggered")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                NewEvent.Source.BACKFILL,
                NewEvent.Status.IGNORED,
                true,
                java.util.Optional.of(new ThinEventDetails(
                        java.util.Optional.of("acct_1/acct_2"),
                        java.util.Optional.of("mtr_1"),
                        java.util.Optional.empty(),
                        java.util.Optional.of("/v1/billing/meters/mtr_1"))));
        NewEvent snapshot = event("b", TestEvents.newId());

        var outcome = store.insertIsolating(List.of(snapshot, thin));

        assertThat(outcome.stored()).containsExactlyInAnyOrder(EventKey.of(snapshot), EventKey.of(thin));
        assertThat(db.column(thinId, "endpoint")).contains("a");
        assertThat(db.column(thinId, "type")).contains("v1.billing.meter.error_report_triggered");
        assertThat(db.column(thinId, "livemode")).contains("true");
        assertThat(db.column(thinId, "api_version")).isEmpty();
        assertThat(db.column(thinId, "extract(epoch from created)")).contains("1796552130.123456");
        assertThat(db.column(thinId, "source")).contains("reconcile");
        assertThat(db.column(thinId, "status")).contains("ignored");
        assertThat(db.column(thinId, "next_attempt_at"))
                .as("only pending rows are due")
                .isEmpty();
        assertThat(db.column(thinId, "api_version_mismatch")).contains("true");
        assertThat(db.column(thinId, "kind")).contains("thin");
        assertThat(db.column(thinId, "context")).contains("acct_1/acct_2");
        assertThat(db.column(thinId, "related_object_id")).contains("mtr_1");
        assertThat(db.column(thinId, "related_object_type")).isEmpty();
        assertThat(db.column(thinId, "related_object_url")).contains("/v1/billing/meters/mtr_1");
        assertThat(db.column(thinId, "payload = convert_from(body, 'UTF8')::jsonb"))
                .contains("true");
        assertThat(db.column(snapshot.id(), "endpoint")).contains("b");
        assertThat(db.column(snapshot.id(), "api_version")).contains("2025-10-29.clover");
        assertThat(db.column(snapshot.id(), "kind")).contains("snapshot");
        assertThat(db.column(snapshot.id(), "source")).contains("webhook");
        assertThat(db.column(snapshot.id(), "next_attempt_at")).isPresent();
        assertThat(db.column(snapshot.id(), "api_version_mismatch")).contains("false");
    }

    @Test
    void eventsJsonbRefusesAreStoredByteForByteWithoutTheJsonbCopy() throws Exception {
        String nulId = TestEvents.newId();
        String surrogateId = TestEvents.newId();
        String withNul = TestEvents.event(nulId, "invoice.paid").replace("Caf", "Caf\\u0000");
        String withLoneSurrogate = TestEvents.event(surrogateId, "invoice.paid").replace("Caf", "Caf\\ud83d");
        NewEvent ordinary = event("a", TestEvents.newId());

        var outcome = store.insertIsolating(List.of(
                new NewEvent(
                        "a",
                        nulId,
                        "invoice.paid",
                        false,
                        null,
                        Instant.now(),
                        withNul,
                        NewEvent.Source.WEBHOOK,
                        NewEvent.Status.PENDING),
                new NewEvent(
                        "a",
                        surrogateId,
                        "invoice.paid",
                        false,
                        null,
                        Instant.now(),
                        withLoneSurrogate,
                        NewEvent.Source.WEBHOOK,
                        NewEvent.Status.PENDING),
                ordinary));

        assertThat(outcome.refused()).isEmpty();
        assertThat(outcome.stored()).hasSize(3);
        assertThat(db.body(nulId)).contains(withNul);
        assertThat(db.body(surrogateId)).contains(withLoneSurrogate);
        assertThat(db.payload(nulId)).as("no jsonb copy").isEmpty();
        assertThat(db.payload(ordinary.id()))
                .hasValueSatisfying(json -> assertThat(json).contains("Caf\u00e9"));
    }

    @Test
    void refusedRowIsReportedWithoutTheDatabasesDetailLines() throws Exception {
        String id = "evt_" + new java.math.BigInteger(40_000, new java.util.Random(11)).toString(36);

        var outcome = store.insertIsolating(List.of(event("a", id)));

        assertThat(outcome.refused()).hasSize(1);
        String reason = EventTable.reason(outcome.refused().values().iterator().next());
        assertThat(reason)
                .contains("54000")
                .doesNotContain("\n")
                .doesNotContain(id.substring(10, 40))
                .doesNotContainIgnoringCase("detail");
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A store whose writes signal {@code writing} and then wait for {@code release}: a writer held mid-commit. */
    private EventTable heldStore(CountDownLatch writing, CountDownLatch release) {
        return new EventTable(database.dataSource()) {
            @Override
            public Inserted insertIsolating(List<NewEvent> events) throws java.sql.SQLException {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.insertIsolating(events);
            }
        };
    }

    private static GroupCommit.Limits limits(int maxBatch, int maxRows) {
        return new GroupCommit.Limits(maxBatch, maxRows, Long.MAX_VALUE);
    }

    private static NewEvent event(String endpoint, String id) {
        return new NewEvent(
                endpoint,
                id,
                "invoice.paid",
                false,
                "2025-10-29.clover",
                Instant.now(),
                TestEvents.event(id, "invoice.paid"),
                NewEvent.Source.WEBHOOK,
                NewEvent.Status.PENDING);
    }
}
