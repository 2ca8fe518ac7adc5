package dev.stripeoperator.receiver.forwarding;

import java.util.List;

import dev.stripeoperator.receiver.store.NewEvent;
import io.helidon.metrics.api.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The count of an endpoint's stored rows against a real PostgreSQL: exact while small, the planner's above. */
class StoredEventsIT {

    @RegisterExtension
    static final EventsDatabase db = new EventsDatabase();

    private static StoredEvents storedEvents(long exactUpTo) {
        return new StoredEvents(
                new ConnectionBudget(db.database().dataSource(), 1), EventsDatabase.ENDPOINT, exactUpTo);
    }

    @Test
    void countsTheEndpointsRowsOfEveryStatusExactlyUpToTheBound() throws Exception {
        for (NewEvent.Status status : NewEvent.Status.values()) {
            db.store(EventsDatabase.ENDPOINT, "evt_" + status.column(), status);
        }
        db.store("payments/other", "evt_elsewhere", NewEvent.Status.DELIVERED);

        assertThat(storedEvents(StoredEvents.EXACT_UP_TO).count()).isEqualTo(NewEvent.Status.values().length);
        assertThat(storedEvents(NewEvent.Status.values().length).count())
                .as("exactly at the bound")
                .isEqualTo(NewEvent.Status.values().length);
    }

    @Test
    void aboveTheBoundItIsThePlannersEstimateFromTheTablesStatistics() throws Exception {
        insert(EventsDatabase.ENDPOINT, 3_000);
        insert("payments/other", 1_000);
        db.execute("ANALYZE stripe_events");

        long estimate = storedEvents(100).count();

        assertThat(estimate)
                .as("the endpoint's share of the table, not the whole table")
                .isCloseTo(3_000L, within(300L));
    }

    @Test
    void neverBelowTheBoundWhenTheStatisticsAreBehind() throws Exception {
        db.execute("ANALYZE stripe_events");
        insert(EventsDatabase.ENDPOINT, 500);

        assertThat(storedEvents(100).count()).isGreaterThan(100);
    }

    @Test
    void theGaugeShowsTheCountUntilClosed() {
        try (StoredEventsGauge gauge = new StoredEventsGauge(Metrics.globalRegistry())) {
            gauge.set(42);

            assertThat(Metrics.globalRegistry()
                            .gauge(StoredEventsGauge.NAME, List.of())
                            .orElseThrow()
                            .value()
                            .doubleValue())
                    .isEqualTo(42);
        }
        assertThat(Metrics.globalRegistry().gauge(StoredEventsGauge.NAME, List.of()))
                .isEmpty();
    }

    private static void insert(String endpoint, int rows) throws Exception {
        db.execute("""
                INSERT INTO stripe_events (endpoint, id, type, livemode, created, payload, body, source, status)
                SELECT '%s', 'evt_' || md5(random()::text), 'invoice.paid', false, now(), '{}'::jsonb, '{}'::bytea,
                       'webhook', 'delivered'
                  FROM generate_series(1, %d)""".formatted(endpoint, rows));
    }
}
