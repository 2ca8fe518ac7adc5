package dev.stripeoperator.receiver.forwarding;

import java.time.Duration;
import java.util.List;

import dev.stripeoperator.receiver.store.NewEvent;
import io.helidon.metrics.api.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backlog figures read from a real PostgreSQL, and the gauges that show them.
 */
class ForwardingStatsIT {

    @RegisterExtension
    static final EventsDatabase db = new EventsDatabase();

    private ForwardingStats stats() {
        return new ForwardingStats(new ConnectionBudget(db.database().dataSource(), 1), EventsDatabase.ENDPOINT);
    }

    @Test
    void countsTheBacklogItsAgeAndTheDeadLetters() throws Exception {
        db.storePending("evt_pending");
        db.storePending("evt_retrying");
        db.execute(
                "UPDATE stripe_events SET status = 'failed', received_at = now() - interval '2 hours' WHERE id = 'evt_retrying'");
        db.store(EventsDatabase.ENDPOINT, "evt_dead", NewEvent.Status.DEAD);
        db.store(EventsDatabase.ENDPOINT, "evt_delivered", NewEvent.Status.DELIVERED);
        db.store(EventsDatabase.ENDPOINT, "evt_ignored", NewEvent.Status.IGNORED);
        db.store("payments/other", "evt_elsewhere", NewEvent.Status.PENDING);

        ForwardingStats.Snapshot snapshot = stats().read();

        assertThat(snapshot.pending()).isEqualTo(2);
        assertThat(snapshot.dead()).isEqualTo(1);
        assertThat(snapshot.oldestPendingAge())
                .isBetween(Duration.ofHours(2), Duration.ofHours(2).plusMinutes(1));
        assertThat(snapshot.oldestUndeliveredAge()).isEqualTo(snapshot.oldestPendingAge());
    }

    @Test
    void theOldestUndeliveredRowIsADeadLetterWhenItIsOlderThanTheBacklog() throws Exception {
        db.storePending("evt_pending");
        db.store(EventsDatabase.ENDPOINT, "evt_dead", NewEvent.Status.DEAD);
        db.store(EventsDatabase.ENDPOINT, "evt_delivered_long_ago", NewEvent.Status.DELIVERED);
        db.store(EventsDatabase.ENDPOINT, "evt_ignored_long_ago", NewEvent.Status.IGNORED);
        db.execute("UPDATE stripe_events SET received_at = now() - interval '3 days' WHERE id = 'evt_dead'");
        db.execute("UPDATE stripe_events SET received_at = now() - interval '30 days' WHERE id LIKE '%_long_ago'");

        ForwardingStats.Snapshot snapshot = stats().read();

        assertThat(snapshot.oldestPendingAge()).isLessThan(Duration.ofMinutes(1));
        assertThat(snapshot.oldestDeadAge())
                .isBetween(Duration.ofDays(3), Duration.ofDays(3).plusMinutes(1));
        assertThat(snapshot.oldestUndeliveredAge())
                .as("finished rows, however old, are not undelivered")
                .isEqualTo(snapshot.oldestDeadAge());
    }

    @Test
    void anEmptyBacklogHasNoAge() throws Exception {
        db.store(EventsDatabase.ENDPOINT, "evt_delivered", NewEvent.Status.DELIVERED);

        assertThat(stats().read()).isEqualTo(new ForwardingStats.Snapshot(0, Duration.ZERO, 0, Duration.ZERO));
    }

    @Test
    void gaugesShowTheLastSnapshotUntilClosed() {
        try (ForwardingMetrics metrics = new ForwardingMetrics(Metrics.globalRegistry())) {
            metrics.backlog(new ForwardingStats.Snapshot(7, Duration.ofSeconds(90), 3, Duration.ofDays(2)));

            assertThat(gauge(ForwardingMetrics.PENDING)).isEqualTo(7);
            assertThat(gauge(ForwardingMetrics.OLDEST_PENDING_AGE)).isEqualTo(90);
            assertThat(gauge(ForwardingMetrics.DEAD)).isEqualTo(3);
            assertThat(gauge(ForwardingMetrics.OLDEST_UNDELIVERED_AGE))
                    .isEqualTo(Duration.ofDays(2).toSeconds());
        }
        assertThat(Metrics.globalRegistry().gauge(ForwardingMetrics.PENDING, List.of()))
                .isEmpty();
    }

    private static double gauge(String name) {
        return Metrics.globalRegistry()
                .gauge(name, List.of())
                .orElseThrow()
                .value()
                .doubleValue();
    }
}
