package dev.stripeoperator.receiver.observe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReceiverImage;

/**
 * The container's termination message file, where the kubelet picks up a run's summary for the operator: a backfill's,
 * a replay's or a discard's.
 */
public final class TerminationMessage {

    private static final Logger LOG = Logger.getLogger(TerminationMessage.class.getName());

    private final Optional<Path> configured;

    /** {@code configured}: TERMINATION_MESSAGE_PATH when set; otherwise the Kubernetes default, if the kubelet made it. */
    public TerminationMessage(Optional<Path> configured) {
        this.configured = configured;
    }

    /** Writes the summary of a run of {@code command}; outside Kubernetes, or when the file is not writable, does nothing. */
    public void write(ReceiverCommand command, String summaryJson) {
        Optional<Path> target = configured.or(() ->
                Optional.of(Path.of(ReceiverImage.TERMINATION_MESSAGE_PATH)).filter(Files::exists));
        if (target.isEmpty()) {
            return;
        }
        try {
            Files.writeString(target.get(), summaryJson, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            LogLines.terminationMessageNotWritten(command, target.get().toString(), e.toString())
                    .log(LOG, Level.FINE);
        }
    }
}
