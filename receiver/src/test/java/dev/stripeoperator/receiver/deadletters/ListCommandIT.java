package dev.stripeoperator.receiver.deadletters;

import java.time.Instant;

import dev.stripeoperator.receiver.forwarding.EventsDatabase;
import dev.stripeoperator.receiver.store.NewEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The list command against a real PostgreSQL: the rows a person needs to decide, never a payload. */
class ListCommandIT {

    @RegisterExtension
    static final EventsDatabase db = new EventsDatabase();

    private static final Instant NOV_23 = Instant.parse("2026-11-23T12:00:00Z");

    private final DeadLetters deadLetters = new DeadLetters(db);

    @Test
    void theDeadLettersAreListedByDefaultWithWhyTheyDiedButNoPayload() throws Exception {
        deadLetters.storeDead("evt_first", "invoice.paid", NOV_23);
        deadLetters.storeDead("evt_second", "charge.refunded", NOV_23.plusSeconds(60));
        db.store(EventsDatabase.ENDPOINT, "evt_delivered", NewEvent.Status.DELIVERED);
        db.store("payments/other", "evt_elsewhere", NewEvent.Status.DEAD);

        DeadLetters.Run run = deadLetters.list();

        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().toList())
                .containsExactly(
                        "ID          TYPE             STATUS  ATTEMPTS  CREATED               LAST-ERROR",
                        "evt_first   invoice.paid     dead    12        2026-11-23T12:00:00Z  sink answered HTTP 503"
                                + " (gave up after 12 attempts)",
                        "evt_second  charge.refunded  dead    12        2026-11-23T12:01:00Z  sink answered HTTP 503"
                                + " (gave up after 12 attempts)",
                        "2 matching event(s) of endpoint payments/billing");
        assertThat(run.out()).doesNotContain("in_1", "\"object\"", "evt_delivered", "evt_elsewhere");
    }

    @Test
    void statusTypeAndBothWindowsSelectAndARowBeingSentSaysSo() throws Exception {
        deadLetters.store(
                "evt_paid", NewEvent.Status.DELIVERED, "invoice.paid", NOV_23, Instant.parse("2026-11-23T12:00:05Z"));
        deadLetters.store(
                "evt_other_type",
                NewEvent.Status.DELIVERED,
                "charge.refunded",
                NOV_23,
                Instant.parse("2026-11-23T12:00:05Z"));
        deadLetters.store(
                "evt_late", NewEvent.Status.DELIVERED, "invoice.paid", NOV_23, Instant.parse("2026-11-25T00:00:00Z"));
        deadLetters.store(
                "evt_old", NewEvent.Status.DELIVERED, "invoice.paid", Instant.parse("2026-11-01T00:00:00Z"), NOV_23);
        db.storePending("evt_sending");
        deadLetters.inFlight("evt_sending");

        String delivered = deadLetters
                .list(
                        "--status",
                        "delivered",
                        "--type",
                        "invoice.*",
                        "--until",
                        "2026-11-24T00:00:00Z",
                        "--created-since",
                        "2026-11-23T00:00:00Z")
                .out();
        String failed = deadLetters.list("--status", "failed").out();

        assertThat(delivered)
                .contains("evt_paid", "1 matching event(s)")
                .doesNotContain("evt_other_type", "evt_late", "evt_old");
        assertThat(failed).contains("evt_sending", "failed (sending)");
    }

    @Test
    void theLimitShowsTheFirstAndCountsTheRest() throws Exception {
        for (int i = 1; i <= 5; i++) {
            deadLetters.storeDead("evt_" + i, "invoice.paid", NOV_23.plusSeconds(i));
        }

        DeadLetters.Run limited = deadLetters.list("--limit", "2");
        DeadLetters.Run counted = deadLetters.list("--limit", "0");

        assertThat(limited.out().lines())
                .hasSize(4)
                .contains("the first 2 of 5 matching event(s) of endpoint payments/billing (--limit shows more)");
        assertThat(limited.out()).contains("evt_1 ", "evt_2 ").doesNotContain("evt_3");
        assertThat(counted.out().lines()).containsExactly("5 matching event(s) of endpoint payments/billing");
    }

    @Test
    void theLastReplayOrDiscardShowsWhoWhenAndWhy() throws Exception {
        deadLetters.storeDead("evt_dropped", "invoice.paid", NOV_23);
        deadLetters.storeDead("evt_kept", "invoice.paid", NOV_23.plusSeconds(1));
        deadLetters.discard("--id", "evt_dropped", "--reason", "test event from the dashboard", "--by", "dave");

        DeadLetters.Run run = deadLetters.list("--status", "discarded", "--status", "dead");

        assertThat(run.out().lines().findFirst().orElseThrow()).endsWith("LAST-ACTION");
        assertThat(run.out())
                .containsPattern("evt_dropped +invoice.paid +discarded .* discard by dave at"
                        + " \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ: test event from the dashboard")
                .containsPattern("evt_kept +invoice.paid +dead .*attempts\\) +-");
    }

    @Test
    void listingChangesNothing() throws Exception {
        deadLetters.storeDead("evt_1", "invoice.paid", NOV_23);

        deadLetters.list("--status", "dead");

        assertThat(db.existing("evt_1").status()).isEqualTo("dead");
        assertThat(deadLetters.actions()).isEmpty();
    }
}
