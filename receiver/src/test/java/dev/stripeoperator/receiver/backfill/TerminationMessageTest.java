package dev.stripeoperator.receiver.backfill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.stripeoperator.contract.BackfillOutcome;
import dev.stripeoperator.contract.BackfillSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TerminationMessageTest {

    private static final BackfillSummary FAILED = new BackfillRun(
                    Instant.parse("2026-11-23T18:00:00Z"),
                    new BackfillCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                    BackfillOutcome.FAILED,
                    "Stripe rejected the API key (401)",
                    Duration.ZERO,
                    false)
            .summary();

    @TempDir
    Path tmp;

    @Test
    void aConfiguredPathReceivesTheJsonReplacingWhatWasThere() throws Exception {
        Path file = Files.writeString(tmp.resolve("termination-log"), "an older, longer run's summary");

        new TerminationMessage(Optional.of(file)).write(FAILED);

        assertThat(Files.readString(file)).isEqualTo(FAILED.toJson());
    }

    @Test
    void anUnwritablePathIsSkippedQuietly() {
        Path inMissingDirectory = tmp.resolve("no/such/dir/termination-log");

        new TerminationMessage(Optional.of(inMissingDirectory)).write(FAILED);

        assertThat(inMissingDirectory).doesNotExist();
    }
}
