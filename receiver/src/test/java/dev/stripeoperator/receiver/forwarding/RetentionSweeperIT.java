package dev.stripeoperator.receiver.forwarding;

import java.time.Duration;

import dev.stripeoperator.receiver.store.NewEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention against a real PostgreSQL: only this endpoint's finished rows (delivered, ignored, discarded) older than
 * the period go; undelivered ones (pending, failed, dead) stay whatever their age.
 */
class RetentionSweeperIT {

    @RegisterExtension
    static final EventsDatabase db = new EventsDatabase();

    private RetentionSweeper sweeper() {
        return new RetentionSweeper(
                new ConnectionBudget(db.database().dataSource(), 1), EventsDatabase.ENDPOINT, Duration.ofDays(90));
    }

    @Test
    void deletesOnlyFinishedRowsOlderThanTheRetentionPeriod() throws Exception {
        for (NewEvent.Status status : NewEvent.Status.values()) {
            String old = "evt_old_" + status.column();
            db.store(EventsDatabase.ENDPOINT, old, status);
            db.execute("UPDATE stripe_events SET received_at = now() - interval '100 days' WHERE id = '" + old + "'");
            db.store(EventsDatabase.ENDPOINT, "evt_recent_" + status.column(), status);
        }
        db.store(EventsDatabase.ENDPOINT, "evt_just_inside", NewEvent.Status.DELIVERED);
        db.execute("UPDATE stripe_events SET received_at = now() - interval '89 days' WHERE id = 'evt_just_inside'");
        db.store("payments/other", "evt_old_elsewhere", NewEvent.Status.DELIVERED);
        db.execute("UPDATE stripe_events SET received_at = now() - interval '100 days' WHERE id = 'evt_old_elsewhere'");

        long deleted = sweeper().sweep();

        assertThat(deleted).isEqualTo(3);
        assertThat(db.row("evt_old_delivered")).isEmpty();
        assertThat(db.row("evt_old_ignored")).isEmpty();
        assertThat(db.row("evt_old_discarded"))
                .as("a person gave up on it: final")
                .isEmpty();
        assertThat(db.existing("evt_old_pending").status()).isEqualTo("pending");
        assertThat(db.existing("evt_old_failed").status()).isEqualTo("failed");
        assertThat(db.existing("evt_old_dead").status())
                .as("a dead letter stays until it is replayed or discarded")
                .isEqualTo("dead");
        assertThat(db.count("id LIKE 'evt_recent_%'")).isEqualTo(NewEvent.Status.values().length);
        assertThat(db.row("evt_just_inside")).isPresent();
        assertThat(db.count("id = 'evt_old_elsewhere'"))
                .as("another endpoint's rows are its own business")
                .isEqualTo(1);
    }

    @Test
    void aReplayedRowIsNoLongerFinishedAndStays() throws Exception {
        db.store(EventsDatabase.ENDPOINT, "evt_replayed", NewEvent.Status.DELIVERED);
        db.execute("UPDATE stripe_events SET received_at = now() - interval '100 days', status = 'pending'"
                + " WHERE id = 'evt_replayed'");

        assertThat(sweeper().sweep()).isZero();
        assertThat(db.existing("evt_replayed").status()).isEqualTo("pending");
    }

    @Test
    void oldUndeliveredRowsDoNotStopTheBatchesOfFinishedOnes() throws Exception {
        int old = RetentionSweeper.BATCH_SIZE + 3;
        db.execute("""
                INSERT INTO stripe_events (endpoint, id, type, livemode, created, payload, body, source, status, received_at)
                SELECT 'payments/billing', 'evt_' || n, 'invoice.paid', false, now(), '{}'::jsonb, '{}'::bytea, 'webhook',
                       CASE WHEN n %% 2 = 0 THEN 'dead' ELSE 'delivered' END,
                       now() - interval '100 days' - make_interval(secs => n)
                  FROM generate_series(1, %d) n""".formatted(old * 2));

        long deleted = sweeper().sweep();

        assertThat(deleted).isEqualTo(old);
        assertThat(db.count("status = 'dead'")).isEqualTo(old);
        assertThat(db.count("status = 'delivered'")).isZero();
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
