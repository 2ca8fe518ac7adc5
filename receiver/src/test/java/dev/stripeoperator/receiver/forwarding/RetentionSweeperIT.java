package dev.stripeoperator.receiver.forwarding;

import java.time.Duration;

import dev.stripeoperator.receiver.store.NewEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention against a real PostgreSQL: only this endpoint's rows older than the period go.
 */
class RetentionSweeperIT {

    @RegisterExtension
    static final EventsDatabase db = new EventsDatabase();

    private RetentionSweeper sweeper() {
        return new RetentionSweeper(
                new ConnectionBudget(db.database().dataSource(), 1), EventsDatabase.ENDPOINT, Duration.ofDays(90));
    }

    @Test
    void deletesOnlyRowsOlderThanTheRetentionPeriod() throws Exception {
        db.store(EventsDatabase.ENDPOINT, "evt_old_delivered", NewEvent.Status.DELIVERED);
        db.store(EventsDatabase.ENDPOINT, "evt_old_dead", NewEvent.Status.DEAD);
        db.store(EventsDatabase.ENDPOINT, "evt_recent", NewEvent.Status.DELIVERED);
        db.store(EventsDatabase.ENDPOINT, "evt_just_inside", NewEvent.Status.DELIVERED);
        db.store("payments/other", "evt_old_elsewhere", NewEvent.Status.DELIVERED);
        db.execute("UPDATE stripe_events SET received_at = now() - interval '91 days'"
                + " WHERE id IN ('evt_old_delivered', 'evt_old_dead', 'evt_old_elsewhere')");
        db.execute("UPDATE stripe_events SET received_at = now() - interval '89 days' WHERE id = 'evt_just_inside'");

        long deleted = sweeper().sweep();

        assertThat(deleted).isEqualTo(2);
        assertThat(db.row("evt_old_delivered")).isEmpty();
        assertThat(db.row("evt_old_dead")).isEmpty();
        assertThat(db.row("evt_recent")).isPresent();
        assertThat(db.row("evt_just_inside")).isPresent();
        assertThat(db.count("id = 'evt_old_elsewhere'"))
                .as("another endpoint's rows are its own business")
                .isEqualTo(1);
    }

    @Test
    void deletesMoreRowsThanOneBatchInSeveralBatches() throws Exception {
        int old = RetentionSweeper.BATCH_SIZE * 2 + 7;
        db.execute("""
                INSERT INTO stripe_events (endpoint, id, type, livemode, created, payload, body, source, status, received_at)
                SELECT 'payments/billing', 'evt_' || n, 'invoice.paid', false, now(), '{}'::jsonb, '{}'::bytea, 'webhook', 'delivered',
                       now() - interval '100 days'
                  FROM generate_series(1, %d) n""".formatted(old));
        db.storePending("evt_fresh");

        long deleted = sweeper().sweep();

        assertThat(deleted).isEqualTo(old);
        assertThat(db.count("true")).isEqualTo(1);
    }

    @Test
    void nothingToDeleteIsNoError() throws Exception {
        db.storePending("evt_fresh");

        assertThat(sweeper().sweep()).isZero();
        assertThat(db.count("true")).isEqualTo(1);
    }
}
