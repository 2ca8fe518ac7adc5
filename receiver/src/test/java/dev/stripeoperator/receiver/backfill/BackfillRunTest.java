package dev.stripeoperator.receiver.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.stripeoperator.contract.BackfillOutcome;
import dev.stripeoperator.contract.BackfillSummary;
import dev.stripeoperator.contract.LogfmtReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillRunTest {

    private static final Instant TIME = Instant.parse("2026-11-23T18:17:03.456Z");

    @Test
    void theSummaryCarriesEveryCountWithMissingAsRecoveredIgnoredAndRefused() {
        BackfillRun run = new BackfillRun(
                TIME,
                new BackfillCounts(812, 805, 5, 2, 1, 0, 40, 3, 2, 0),
                BackfillOutcome.SUCCEEDED,
                "recovered 5",
                Duration.ofMillis(3200),
                false);

        assertThat(run.summary())
                .isEqualTo(new BackfillSummary(
                        TIME,
                        812L,
                        805L,
                        8L,
                        5L,
                        2L,
                        0L,
                        40L,
                        3L,
                        2L,
                        BackfillOutcome.SUCCEEDED,
                        "recovered 5",
                        false));
    }

    @Test
    void eventsStoredAsDeliveredAreMissingNotRecoveredAndTheLineCountsThem() {
        BackfillRun run = new BackfillRun(
                TIME,
                new BackfillCounts(10, 4, 2, 1, 0, 0, 0, 0, 0, 3),
                BackfillOutcome.SUCCEEDED,
                "recovered 2",
                Duration.ofMillis(300),
                false);

        assertThat(run.summary().missing()).isEqualTo(6L);
        assertThat(run.summary().recovered()).isEqualTo(2L);
        assertThat(LogfmtReader.parse(run.line("payments/billing").toString()).values())
                .containsEntry("restored", "3")
                .containsEntry("missing", "6");
    }

    @Test
    void aDryRunSaysSoInTheSummaryAndTheLine() {
        BackfillRun run = new BackfillRun(
                TIME,
                new BackfillCounts(3, 1, 2, 0, 0, 0, 0, 0, 0, 0),
                BackfillOutcome.SUCCEEDED,
                "would recover 2",
                Duration.ofMillis(300),
                true);

        assertThat(run.summary().dryRun()).isTrue();
        assertThat(LogfmtReader.parse(run.line("payments/billing").toString()).values())
                .containsEntry("dry_run", "true");
    }

    @Test
    void theLineNamesEveryCountAndTheDuration() {
        BackfillRun run = new BackfillRun(
                TIME,
                new BackfillCounts(11, 7, 2, 1, 1, 0, 3, 1, 4, 0),
                BackfillOutcome.FAILED,
                "the database refused 1 missing events",
                Duration.ofMillis(1250),
                false);

        LogfmtReader.Parsed line =
                LogfmtReader.parse(run.line("payments/billing").toString());

        assertThat(line.kind()).isEqualTo("backfill");
        assertThat(line.values()).as("restored only when a run restored events").doesNotContainKey("restored");
        assertThat(line.values())
                .containsExactly(
                        Map.entry("endpoint", "payments/billing"),
                        Map.entry("outcome", "failed"),
                        Map.entry("listed", "11"),
                        Map.entry("already_present", "7"),
                        Map.entry("missing", "4"),
                        Map.entry("recovered", "2"),
                        Map.entry("ignored", "1"),
                        Map.entry("refused", "1"),
                        Map.entry("wrong_mode", "0"),
                        Map.entry("unsubscribed", "3"),
                        Map.entry("version_mismatches", "1"),
                        Map.entry("accounts", "4"),
                        Map.entry("duration_ms", "1250"),
                        Map.entry("message", "the database refused 1 missing events"));
    }
}
