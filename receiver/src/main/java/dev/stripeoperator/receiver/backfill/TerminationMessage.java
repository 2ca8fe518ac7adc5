package dev.stripeoperator.receiver.backfill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.stripeoperator.contract.BackfillSummary;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.receiver.observe.LogLines;

/**
 * The container's termination message file, where the kubelet picks up the run's summary for the operator.
 */
final class TerminationMessage {

    private static final Logger LOG = Logger.getLogger(TerminationMessage.class.getName());

    private final Optional<Path> configured;

    /** {@code configured}: TERMINATION_MESSAGE_PATH when set; otherwise the Kubernetes default, if the kubelet made it. */
    TerminationMessage(Optional<Path> configured) {
        this.configured = configured;
    }

    /** Writes the summary; outside Kubernetes, or when the file is not writable, does nothing. */
    void write(BackfillSummary summary) {
        Optional<Path> target = configured.or(() ->
                Optional.of(Path.of(ReceiverImage.TERMINATION_MESSAGE_PATH)).filter(Files::exists));
        if (target.isEmpty()) {
            return;
        }
        try {
            Files.writeString(target.get(), summary.toJson(), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            LogLines.terminationMessageNotWritten(target.get().toString(), e.toString())
                    .log(LOG, Level.FINE);
        }
    }
}
