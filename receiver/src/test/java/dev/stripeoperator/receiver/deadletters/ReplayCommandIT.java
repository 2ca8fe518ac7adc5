package dev.stripeoperator.receiver.deadletters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.contract.BackfillOutcome;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReplaySummary;
import dev.stripeoperator.receiver.forwarding.EventsDatabase;
import dev.stripeoperator.receiver.store.NewEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The replay command against a real PostgreSQL: what it selects, what it changes, what it records and reports. */
class ReplayCommandIT {

    @RegisterExtension
    static final EventsDatabase db = new EventsDatabase();

    private static final Instant NOV_23 = Instant.parse("2026-11-23T12:00:00Z");

    private final DeadLetters deadLetters = new DeadLetters(db);

    @TempDir
    Path tmp;

    @Test
    void replayResetsAttemptsKeepsTheLastErrorAndRecordsWhoAskedAndWhy() throws Exception {
        deadLetters.storeDead("evt_gave_up", "invoice.paid", NOV_23);

        DeadLetters.Run run = deadLetters.replay("--by", "bob@example.com", "--reason", "sink fixed after INC-42");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains(
                        "1 event(s) of endpoint payments/billing match --status dead",
                        "replayed evt_gave_up (was dead, 12 attempts)",
                        "replayed 1 event(s) of endpoint payments/billing; 1 matched, 0 skipped");
        EventsDatabase.Row row = db.existing("evt_gave_up");
        assertThat(row.status()).isEqualTo("pending");
        assertThat(row.attempts()).isZero();
        assertThat(row.nextAttemptAt()).isNotNull();
        assertThat(row.lastError()).isEqualTo("sink answered HTTP 503 (gave up after 12 attempts)");
        assertThat(deadLetters.lastAction("evt_gave_up"))
                .contains(new DeadLetters.Action(
                        "replay",
                        "bob@example.com",
                        "sink fixed after INC-42",
                        "--status dead",
                        "Succeeded",
                        1L,
                        1L,
                        0L,
                        true));
    }

    @Test
    void withoutOptionsOnlyTheDeadLettersOfThisEndpointAreReplayed() throws Exception {
        db.store(EventsDatabase.ENDPOINT, "evt_dead_1", NewEvent.Status.DEAD);
        db.store(EventsDatabase.ENDPOINT, "evt_dead_2", NewEvent.Status.DEAD);
        db.store(EventsDatabase.ENDPOINT, "evt_delivered", NewEvent.Status.DELIVERED);
        db.store(EventsDatabase.ENDPOINT, "evt_ignored", NewEvent.Status.IGNORED);
        db.store("payments/other", "evt_dead_elsewhere", NewEvent.Status.DEAD);

        DeadLetters.Run run = deadLetters.replay();

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("replayed evt_dead_1", "replayed evt_dead_2", "replayed 2 event(s)")
                .doesNotContain("evt_delivered", "evt_ignored", "evt_dead_elsewhere");
        assertThat(deadLetters.status("evt_dead_1")).isEqualTo("pending");
        assertThat(deadLetters.status("evt_delivered")).isEqualTo("delivered");
        assertThat(deadLetters.status("evt_ignored")).isEqualTo("ignored");
        assertThat(db.count("endpoint = 'payments/other' AND status = 'dead'")).isEqualTo(1);
        assertThat(db.count("true")).isEqualTo(5);
    }

    @Test
    void theReceivedWindowSelectsByReceivedAt() throws Exception {
        for (String id : List.of("evt_before", "evt_inside", "evt_after")) {
            db.store(EventsDatabase.ENDPOINT, id, NewEvent.Status.DELIVERED);
        }
        db.execute("UPDATE stripe_events SET received_at = '2026-11-23T13:59:59Z' WHERE id = 'evt_before'");
        db.execute("UPDATE stripe_events SET received_at = '2026-11-23T14:30:00Z' WHERE id = 'evt_inside'");
        db.execute("UPDATE stripe_events SET received_at = '2026-11-23T15:00:00Z' WHERE id = 'evt_after'");

        DeadLetters.Run run = deadLetters.replay(
                "--status", "delivered", "--since", "2026-11-23T14:00:00Z", "--until", "2026-11-23T15:00:00Z");

        assertThat(run.out()).contains("replayed evt_inside (was delivered", "replayed 1 event(s)");
        assertThat(deadLetters.status("evt_before")).isEqualTo("delivered");
        assertThat(deadLetters.status("evt_inside")).isEqualTo("pending");
        assertThat(deadLetters.status("evt_after")).isEqualTo("delivered");
    }

    @Test
    void typesWithWildcardsAndTheCreatedWindowNarrowTheSelection() throws Exception {
        deadLetters.storeDead("evt_invoice_in", "invoice.paid", Instant.parse("2026-11-23T10:00:00Z"));
        deadLetters.storeDead("evt_invoice_early", "invoice.finalized", Instant.parse("2026-11-22T23:59:59Z"));
        deadLetters.storeDead("evt_invoice_late", "invoice.paid", Instant.parse("2026-11-24T00:00:00Z"));
        deadLetters.storeDead("evt_charge", "charge.refunded", Instant.parse("2026-11-23T10:00:00Z"));
        deadLetters.storeDead("evt_lookalike", "invoiceXpaid", Instant.parse("2026-11-23T10:00:00Z"));
        deadLetters.storeDead("evt_underscore", "v1.meter.error_report", Instant.parse("2026-11-23T10:00:00Z"));
        deadLetters.storeDead(
                "evt_underscore_lookalike", "v1.meter.errorXreport", Instant.parse("2026-11-23T10:00:00Z"));

        DeadLetters.Run run = deadLetters.replay(
                "--type",
                "invoice.*",
                "--type",
                "v1.meter.error_report",
                "--created-since",
                "2026-11-23T00:00:00Z",
                "--created-until",
                "2026-11-24T00:00:00Z");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("replayed 2 event(s)");
        assertThat(deadLetters.status("evt_invoice_in")).isEqualTo("pending");
        assertThat(deadLetters.status("evt_underscore")).isEqualTo("pending");
        for (String id : List.of(
                "evt_invoice_early", "evt_invoice_late", "evt_charge", "evt_lookalike", "evt_underscore_lookalike")) {
            assertThat(deadLetters.status(id)).as(id).isEqualTo("dead");
        }
    }

    @Test
    void namedEventsThatCannotBeReplayedAreReportedAndNoRowIsCreated() throws Exception {
        db.storePending("evt_waiting");
        db.store(EventsDatabase.ENDPOINT, "evt_filtered", NewEvent.Status.IGNORED);
        db.storePending("evt_in_flight");
        deadLetters.inFlight("evt_in_flight");

        DeadLetters.Run run = deadLetters.replay(
                "--id", "evt_waiting", "--id", "evt_filtered", "--id", "evt_in_flight", "--id", "evt_unknown");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains(
                        "skipped evt_waiting: already pending",
                        "skipped evt_filtered: ignored (not in ENABLED_EVENTS), never forwarded",
                        "skipped evt_in_flight: being forwarded right now",
                        "skipped evt_unknown: not found",
                        "replayed 0 event(s) of endpoint payments/billing; 3 matched, 3 skipped;"
                                + " 1 named not found: evt_unknown");
        assertThat(db.row("evt_unknown")).isEmpty();
        assertThat(db.count("true")).isEqualTo(3);
        assertThat(deadLetters.status("evt_in_flight")).isEqualTo("failed");
        assertThat(deadLetters.status("evt_waiting")).isEqualTo("pending");
    }

    @Test
    void aDryRunSaysWhatWouldBeReplayedAndChangesNothing() throws Exception {
        deadLetters.storeDead("evt_dead", "invoice.paid", NOV_23);
        db.storePending("evt_in_flight");
        deadLetters.inFlight("evt_in_flight");
        db.execute("UPDATE stripe_events SET status = 'dead' WHERE id = 'evt_in_flight'");
        Path file = tmp.resolve("termination-log");

        DeadLetters.Run run =
                deadLetters.run(ReceiverCommand.REPLAY, DeadLetters.terminationMessageAt(file), "--dry-run");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains(
                        "would replay evt_dead (dead, 12 attempts)",
                        "would skip evt_in_flight: being forwarded right now",
                        "would replay 1 event(s) of endpoint payments/billing; 2 matched, 1 skipped;"
                                + " dry run, nothing was changed");
        assertThat(deadLetters.status("evt_dead")).isEqualTo("dead");
        assertThat(deadLetters.actions()).as("a dry run is not recorded").isEmpty();
        assertThat(ReplaySummary.fromJson(Files.readString(file))).hasValueSatisfying(summary -> {
            assertThat(summary.dryRun()).isTrue();
            assertThat(summary.matched()).isEqualTo(2);
            assertThat(summary.changed()).isEqualTo(1);
            assertThat(summary.skipped()).isEqualTo(1);
        });
    }

    @Test
    void theRunsSummaryIsLeftAsTheTerminationMessage() throws Exception {
        deadLetters.storeDead("evt_1", "invoice.paid", NOV_23);
        deadLetters.storeDead("evt_2", "invoice.paid", NOV_23);
        Path file = tmp.resolve("termination-log");

        DeadLetters.Run run = deadLetters.run(
                ReceiverCommand.REPLAY, DeadLetters.terminationMessageAt(file), "--by", "StripeWebhookReplay x");

        assertThat(run.exit()).isZero();
        ReplaySummary summary = ReplaySummary.fromJson(Files.readString(file)).orElseThrow();
        assertThat(summary.action()).isEqualTo(ReceiverCommand.REPLAY);
        assertThat(summary.outcome()).isEqualTo(BackfillOutcome.SUCCEEDED);
        assertThat(List.of(summary.matched(), summary.changed(), summary.skipped(), summary.failed()))
                .containsExactly(2L, 2L, 0L, 0L);
        assertThat(summary.dryRun()).isFalse();
        assertThat(summary.message())
                .isEqualTo("replayed 2 event(s) of endpoint payments/billing; 2 matched, 0 skipped");
    }

    @Test
    void manyEventsAreReplayedChunkByChunkEachOnce() throws Exception {
        int events = ActionCommand.CHUNK * 2 + 17;
        db.execute("""
                INSERT INTO stripe_events (endpoint, id, type, livemode, created, body, source, status, attempts)
                SELECT 'payments/billing', 'evt_bulk_' || n, 'invoice.paid', false, now(), '{}'::bytea, 'webhook',
                       'dead', 12
                  FROM generate_series(1, %d) n""".formatted(events));

        DeadLetters.Run run = deadLetters.replay();

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("replayed " + events + " event(s)");
        assertThat(run.out().lines().filter(line -> line.startsWith("replayed evt_bulk_")))
                .hasSize(events)
                .doesNotHaveDuplicates();
        assertThat(db.count("status = 'pending' AND attempts = 0")).isEqualTo(events);
        assertThat(db.count("action_id IS NOT NULL")).isEqualTo(events);
    }

    @Test
    void anUnreachableDatabaseExitsWithOneAndSaysSoInTheTerminationMessage() throws Exception {
        Path file = tmp.resolve("termination-log");
        Map<String, String> env = new java.util.HashMap<>(DeadLetters.terminationMessageAt(file));
        env.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/none");
        env.put("DATABASE_POOL_SIZE", "1");

        DeadLetters.Run run = deadLetters.run(ReceiverCommand.REPLAY, env);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("replay: failed:");
        ReplaySummary summary = ReplaySummary.fromJson(Files.readString(file)).orElseThrow();
        assertThat(summary.outcome()).isEqualTo(BackfillOutcome.FAILED);
        assertThat(summary.matched()).isNull();
        assertThat(summary.message()).startsWith("replay failed: ");
    }

    @Test
    void aDatabaseUrlThatIsNotPostgresIsAConfigurationError() {
        DeadLetters.Run run = deadLetters.run(ReceiverCommand.REPLAY, Map.of("DATABASE_URL", "jdbc:mysql://db/events"));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("configuration error", "DATABASE_URL");
    }
}
