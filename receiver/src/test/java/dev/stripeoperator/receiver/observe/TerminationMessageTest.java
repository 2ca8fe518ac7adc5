package dev.stripeoperator.receiver.observe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.stripeoperator.contract.ReceiverCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TerminationMessageTest {

    private static final String FAILED =
            "{\"time\":\"2026-11-23T18:00:00Z\",\"outcome\":\"Failed\",\"message\":\"Stripe rejected the API key (401)\"}";

    @TempDir
    Path tmp;

    @Test
    void aConfiguredPathReceivesTheJsonReplacingWhatWasThere() throws Exception {
        Path file = Files.writeString(tmp.resolve("termination-log"), "an older, longer run's summary");

        new TerminationMessage(Optional.of(file)).write(ReceiverCommand.RECONCILE, FAILED);

        assertThat(Files.readString(file)).isEqualTo(FAILED);
    }

    @Test
    void anUnwritablePathIsSkippedQuietly() {
        Path inMissingDirectory = tmp.resolve("no/such/dir/termination-log");

        new TerminationMessage(Optional.of(inMissingDirectory)).write(ReceiverCommand.REPLAY, FAILED);

        assertThat(inMissingDirectory).doesNotExist();
    }
}
