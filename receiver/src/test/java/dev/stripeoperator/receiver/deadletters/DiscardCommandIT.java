package dev.stripeoperator.receiver.deadletters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReplaySummary;
import dev.stripeoperator.receiver.forwarding.EventsDatabase;
import dev.stripeoperator.receiver.store.NewEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The discard command against a real PostgreSQL: a final status, and who gave the events up, when and why. */
class DiscardCommandIT {

    @RegisterExtension
    static final EventsDatabase db = new EventsDatabase();

    private static final Instant NOV_23 = Instant.parse("2026-11-23T12:00:00Z");

    private final DeadLetters deadLetters = new DeadLetters(db);

    @TempDir
    Path tmp;

    @Test
    void discardGivesTheDeadLettersUpForGoodAndRecordsWhoWhenAndWhy() throws Exception {
        deadLetters.storeDead("evt_1", "invoice.paid", NOV_23);
        deadLetters.storeDead("evt_2", "customer.created", NOV_23);
        db.store(EventsDatabase.ENDPOINT, "evt_delivered", NewEvent.Status.DELIVERED);
        Path file = tmp.resolve("termination-log");

        DeadLetters.Run run = deadLetters.run(
                ReceiverCommand.DISCARD,
                DeadLetters.terminationMessageAt(file),
                "--reason",
                "the sink dropped support for these types",
                "--by",
                "carol@example.com");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains(
                        "discarded evt_1 (was dead, 12 attempts)",
                        "discarded evt_2 (was dead, 12 attempts)",
                        "discarded 2 event(s) of endpoint payments/billing; 2 matched, 0 skipped");
        assertThat(db.existing("evt_1").status()).isEqualTo("discarded");
        assertThat(db.existing("evt_1").nextAttemptAt()).isNull();
        assertThat(db.existing("evt_1").lastError()).as("why it had died stays").contains("gave up after 12");
        assertThat(deadLetters.status("evt_delivered")).isEqualTo("delivered");
        assertThat(deadLetters.lastAction("evt_2"))
                .contains(new DeadLetters.Action(
                        "discard",
                        "carol@example.com",
                        "the sink dropped support for these types",
                        "--status dead",
                        "Succeeded",
                        2L,
                        2L,
                        0L,
                        true));
        assertThat(ReplaySummary.fromJson(Files.readString(file))).hasValueSatisfying(summary -> {
            assertThat(summary.action()).isEqualTo(ReceiverCommand.DISCARD);
            assertThat(summary.changed()).isEqualTo(2);
            assertThat(summary.toJson()).contains("\"discarded\":2");
        });
    }

    @Test
    void withoutAReasonNothingIsDiscarded() throws Exception {
        deadLetters.storeDead("evt_1", "invoice.paid", NOV_23);

        DeadLetters.Run run = deadLetters.discard("--status", "dead");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--reason is required");
        assertThat(deadLetters.status("evt_1")).isEqualTo("dead");
        assertThat(deadLetters.actions()).isEmpty();
    }

    @Test
    void waitingEventsMayBeDiscardedButNotWhileAReplicaSendsThem() throws Exception {
        db.storePending("evt_pending");
        db.storePending("evt_failed");
        db.execute("UPDATE stripe_events SET status = 'failed', attempts = 3 WHERE id = 'evt_failed'");
        db.storePending("evt_sending");
        deadLetters.inFlight("evt_sending");

        DeadLetters.Run run = deadLetters.discard("--status", "pending", "--status", "failed", "--reason", "test data");

        assertThat(run.out())
                .contains(
                        "discarded evt_pending (was pending, 0 attempts)",
                        "discarded evt_failed (was failed, 3 attempts)",
                        "skipped evt_sending: being forwarded right now",
                        "discarded 2 event(s) of endpoint payments/billing; 3 matched, 1 skipped");
        assertThat(deadLetters.status("evt_sending")).isEqualTo("failed");
    }

    @Test
    void finalEventsAreLeftAloneAndSaySo() throws Exception {
        db.store(EventsDatabase.ENDPOINT, "evt_delivered", NewEvent.Status.DELIVERED);
        db.store(EventsDatabase.ENDPOINT, "evt_ignored", NewEvent.Status.IGNORED);
        deadLetters.storeDead("evt_gone", "invoice.paid", NOV_23);
        assertThat(deadLetters.discard("--id", "evt_gone", "--reason", "first").exit())
                .isZero();

        DeadLetters.Run run = deadLetters.discard(
                "--id", "evt_delivered", "--id", "evt_ignored", "--id", "evt_gone", "--reason", "second");

        assertThat(run.out())
                .contains(
                        "skipped evt_delivered: already delivered",
                        "skipped evt_ignored: ignored (not in ENABLED_EVENTS), never forwarded",
                        "skipped evt_gone: already discarded",
                        "discarded 0 event(s)");
        assertThat(deadLetters.lastAction("evt_gone").orElseThrow().reason())
                .as("the first discard stays its record")
                .isEqualTo("first");
    }

    @Test
    void aDryRunNeedsNoReasonAndChangesNothing() throws Exception {
        deadLetters.storeDead("evt_1", "invoice.paid", NOV_23);

        DeadLetters.Run run = deadLetters.discard("--dry-run");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains(
                        "would discard evt_1 (dead, 12 attempts)",
                        "would discard 1 event(s) of endpoint payments/billing; 1 matched, 0 skipped;"
                                + " dry run, nothing was changed");
        assertThat(deadLetters.status("evt_1")).isEqualTo("dead");
        assertThat(deadLetters.actions()).isEmpty();
    }

    @Test
    void aDiscardedEventCanBeReplayedAndTheReplayBecomesItsLastAction() throws Exception {
        deadLetters.storeDead("evt_1", "invoice.paid", NOV_23);
        deadLetters.discard("--reason", "looked wrong");

        DeadLetters.Run run = deadLetters.replay("--status", "discarded", "--reason", "it was right after all");

        assertThat(run.out()).contains("replayed evt_1 (was discarded, 12 attempts)");
        assertThat(deadLetters.status("evt_1")).isEqualTo("pending");
        assertThat(deadLetters.lastAction("evt_1").orElseThrow().action()).isEqualTo("replay");
        assertThat(deadLetters.actions())
                .extracting(DeadLetters.Action::action, DeadLetters.Action::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("discard", "looked wrong"),
                        org.assertj.core.groups.Tuple.tuple("replay", "it was right after all"));
    }
}
