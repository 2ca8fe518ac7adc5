package dev.stripeoperator.receiver.forwarding;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.receiver.ReceiverConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ReplayCommand command = new ReplayCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            config -> {
                throw new AssertionError("bad arguments must not open the database");
            });

    @Test
    void repeatedIdsAreCollectedOnce() throws Exception {
        ReplayCommand.Selection selection =
                ReplayCommand.parse(List.of("--id", "evt_1", "--id", "evt_2", "--id", "evt_1"));

        assertThat(selection.ids()).containsExactly("evt_1", "evt_2");
        assertThat(selection.status()).isEmpty();
    }

    @Test
    void statusAndTimeWindowCombine() throws Exception {
        ReplayCommand.Selection selection = ReplayCommand.parse(
                List.of("--status", "dead", "--since", "2026-11-23T14:00:00Z", "--until", "2026-11-23T16:00:00+01:00"));

        assertThat(selection.status()).contains("dead");
        assertThat(selection.since()).contains(Instant.parse("2026-11-23T14:00:00Z"));
        assertThat(selection.until()).contains(Instant.parse("2026-11-23T15:00:00Z"));
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhy() {
        assertUsageError(List.of(), "say what to replay");
        assertUsageError(List.of("--id"), "--id needs a value");
        assertUsageError(List.of("--id", "in_123"), "--id must be a Stripe event id");
        assertUsageError(List.of("--status", "delivered"), "--status must be dead or failed");
        assertUsageError(List.of("--status", "dead", "--status", "failed"), "--status may be given once");
        assertUsageError(List.of("--since", "yesterday"), "--since must be an RFC 3339 time");
        assertUsageError(List.of("--since", "2026-11-23"), "--since must be an RFC 3339 time");
        assertUsageError(List.of("--until", "2026-11-23T14:00:00Z"), "--until needs --since");
        assertUsageError(List.of("--status", "dead", "--until", "2026-11-23T14:00:00Z"), "--until needs --since");
        assertUsageError(
                List.of("--since", "2026-11-23T14:00:00Z", "--until", "2026-11-23T13:00:00Z"),
                "--until must be later than --since");
        assertUsageError(List.of("--id", "evt_1", "--status", "dead"), "--id cannot be combined");
        assertUsageError(List.of("--all"), "unknown option '--all'");
        assertUsageError(List.of("--status", "dead", "-x"), "unknown option '-x'");
        assertUsageError(List.of("evt_1"), "unexpected argument 'evt_1'");
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        int exit = command.run(List.of("--help"), ReceiverConfig.fromEnvironment(Map.of()));

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: receiver replay");
    }

    private void assertUsageError(List<String> args, String message) {
        out.reset();
        err.reset();

        int exit = command.run(args, ReceiverConfig.fromEnvironment(Map.of()));

        assertThat(exit).as("exit code for %s", args).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .as("error for %s", args)
                .contains(message)
                .contains("usage: receiver replay");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThatThrownBy(() -> ReplayCommand.parse(args)).isInstanceOf(ReplayCommand.UsageException.class);
    }
}
