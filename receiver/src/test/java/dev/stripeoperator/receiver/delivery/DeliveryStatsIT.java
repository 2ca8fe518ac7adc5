package dev.stripeoperator.receiver.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripeoperator.receiver.store.NewEvent;
import io.helidon.metrics.api.Metrics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backlog figures read from a real PostgreSQL, and the gauges that show them.
 */
class DeliveryStatsIT {

    private static EventsDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = EventsDatabase.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void emptyTable() throws Exception {
        db.clear();
    }

    private DeliveryStats stats() {
        return new DeliveryStats(new ConnectionBudget(db.database().dataSource(), 1), EventsDatabase.ENDPOINT);
    }

    @Test
    void countsTheBacklogItsAgeAndTheDeadLetters() throws Exception {
        db.storePending("evt_pending");
        db.storePending("evt_retrying");
        db.execute("UPDATE stripe_events SET status = 'failed', received_at = now() - interval '2 hours' WHERE id = 'evt_retrying'");
        db.store(EventsDatabase.ENDPOINT, "evt_dead", NewEvent.Status.DEAD);
        db.store(EventsDatabase.ENDPOINT, "evt_delivered", NewEvent.Status.DELIVERED);
        db.store(EventsDatabase.ENDPOINT, "evt_ignored", NewEvent.Status.IGNORED);
        db.store("payments/other", "evt_elsewhere", NewEvent.Status.PENDING);

        DeliveryStats.Snapshot snapshot = stats().read();

        assertThat(snapshot.pending()).isEqualTo(2);
        assertThat(snapshot.dead()).isEqualTo(1);
        assertThat(snapshot.oldestPendingAge()).isBetween(Duration.ofHours(2), Duration.ofHours(2).plusMinutes(1));
    }

    @Test
    void anEmptyBacklogHasNoAge() throws Exception {
        db.store(EventsDatabase.ENDPOINT, "evt_delivered", NewEvent.Status.DELIVERED);

        assertThat(stats().read()).isEqualTo(new DeliveryStats.Snapshot(0, Duration.ZERO, 0));
    }

    @Test
    void gaugesShowTheLastSnapshotUntilClosed() {
        try (DeliveryMetrics metrics = new DeliveryMetrics(Metrics.globalRegistry())) {
            metrics.backlog(new DeliveryStats.Snapshot(7, Duration.ofSeconds(90), 3));

            assertThat(gauge(DeliveryMetrics.PENDING)).isEqualTo(7);
            assertThat(gauge(DeliveryMetrics.OLDEST_PENDING_AGE)).isEqualTo(90);
            assertThat(gauge(DeliveryMetrics.DEAD)).isEqualTo(3);
        }
        assertThat(Metrics.globalRegistry().gauge(DeliveryMetrics.PENDING, List.of())).isEmpty();
    }

    private static double gauge(String name) {
        return Metrics.globalRegistry().gauge(name, List.of()).orElseThrow().value().doubleValue();
    }
}
