package dev.stripeoperator.receiver.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupCommitIT {

    private TestDatabase db;
    private Database database;
    private EventStore store;

    @BeforeAll
    void start() {
        db = TestDatabase.start();
        database = Database.open(ReceiverConfig.fromEnvironment(Map.of("DATABASE_URL", db.jdbcUrl())));
        store = new EventStore(database.dataSource());
    }

    @AfterAll
    void stop() {
        database.close();
        db.close();
    }

    @Test
    void singleInsertReportsNewThenDuplicate() throws Exception {
        NewEvent event = event("a", TestEvents.newId());

        assertThat(store.insert(event)).isTrue();
        assertThat(store.insert(event)).isFalse();
        assertThat(db.count(event.id())).isEqualTo(1);
    }

    @Test
    void batchStoresEachKeyOnceAndReportsOnlyNewKeys() throws Exception {
        NewEvent old = event("a", TestEvents.newId());
        store.insert(old);
        NewEvent fresh = event("a", TestEvents.newId());
        NewEvent sameIdOtherEndpoint = event("b", fresh.id());

        var stored = store.insertAll(List.of(fresh, old, fresh, sameIdOtherEndpoint));

        assertThat(stored).containsExactlyInAnyOrder(EventKey.of(fresh), EventKey.of(sameIdOtherEndpoint));
        assertThat(db.count(fresh.id())).isEqualTo(2);
    }

    @Test
    void queuedDuplicatesInOneCommitAnswerNewExactlyOnce() throws Exception {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        NewEvent event = event("a", TestEvents.newId());
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        try (GroupCommit groupCommit = new GroupCommit(store, 1, 64, 1000, batches::add)) {
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
        EventStore held = new EventStore(database.dataSource()) {
            @Override
            public java.util.Set<EventKey> insertAll(List<NewEvent> events) throws java.sql.SQLException {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.insertAll(events);
            }
        };
        try (GroupCommit groupCommit = new GroupCommit(held, 1, 1, 1, n -> { })) {
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
    void failedCommitFailsEveryDeliveryInIt() {
        try (GroupCommit groupCommit = new GroupCommit(failingStore(Duration.ZERO), 1, 64, 100, n -> { })) {
            CompletableFuture<Boolean> first = groupCommit.submit(event("a", TestEvents.newId()));
            CompletableFuture<Boolean> second = groupCommit.submit(event("a", TestEvents.newId()));

            assertThatThrownBy(first::get).hasCauseInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(second::get).hasCauseInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void rowTheDatabaseRefusesFailsAloneNotItsBatch() throws Exception {
        NewEvent blocker = event("a", TestEvents.newId());
        NewEvent good = event("a", TestEvents.newId());
        String poisonId = TestEvents.newId();
        NewEvent poison = new NewEvent("a", poisonId, "invoice.paid", false, null, Instant.now(),
                TestEvents.event(poisonId, "invoice.paid").replace("Caf", "Caf\\u0000"),
                NewEvent.Source.WEBHOOK, NewEvent.Status.PENDING);
        List<Integer> batches = new CopyOnWriteArrayList<>();
        EventStore slowFirst = new EventStore(database.dataSource()) {
            @Override
            public java.util.Set<EventKey> insertAll(List<NewEvent> events) throws java.sql.SQLException {
                if (events.contains(blocker)) {
                    pause(Duration.ofMillis(500));
                }
                return super.insertAll(events);
            }
        };
        try (GroupCommit groupCommit = new GroupCommit(slowFirst, 1, 64, 100, batches::add)) {
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
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A store over a database that refuses every row (a broken table), slowed down to hold the writer. */
    private EventStore failingStore(Duration delay) {
        return new EventStore(database.dataSource()) {
            @Override
            public java.util.Set<EventKey> insertAll(List<NewEvent> events) throws java.sql.SQLException {
                pause(delay);
                return super.insertAll(events.stream().map(e -> new NewEvent(e.endpoint(), e.id(), e.type(),
                        e.livemode(), e.apiVersion(), e.created(), "not json", e.source(), e.status())).toList());
            }
        };
    }

    private static NewEvent event(String endpoint, String id) {
        return new NewEvent(endpoint, id, "invoice.paid", false, "2025-10-29.clover", Instant.now(),
                TestEvents.event(id, "invoice.paid"), NewEvent.Source.WEBHOOK, NewEvent.Status.PENDING);
    }
}
