package dev.stripeoperator.receiver.deadletters;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.contract.EventSelection.Status;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.store.Database;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventOptionsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void withoutIdsOrStatusTheDeadLettersAreSelected() throws Exception {
        for (ReceiverCommand command : List.of(ReceiverCommand.LIST, ReceiverCommand.REPLAY, ReceiverCommand.DISCARD)) {
            Selection selection = EventOptions.parse(command, List.of()).selection();

            assertThat(selection.statuses()).as(command.word()).containsExactly(Status.DEAD);
            assertThat(selection.describe()).isEqualTo("--status dead");
        }
    }

    @Test
    void repeatedIdsAreCollectedOnceAndSelectInAnyStatus() throws Exception {
        Selection selection = EventOptions.parse(
                        ReceiverCommand.REPLAY, List.of("--id", "evt_1", "--id", "evt_2", "--id", "evt_1"))
                .selection();

        assertThat(selection.ids()).containsExactly("evt_1", "evt_2");
        assertThat(selection.statuses()).isEmpty();
        assertThat(selection.describe()).isEqualTo("--id evt_1 --id evt_2");
    }

    @Test
    void statusesTypesAndBothTimeWindowsCombine() throws Exception {
        EventOptions options = EventOptions.parse(
                ReceiverCommand.REPLAY,
                List.of(
                        "--status",
                        "dead",
                        "--status",
                        "failed",
                        "--type",
                        "invoice.*",
                        "--type",
                        "charge.refunded",
                        "--since",
                        "2026-11-23T14:00:00Z",
                        "--until",
                        "2026-11-23T16:00:00+01:00",
                        "--created-since",
                        "2026-11-22T00:00:00Z",
                        "--created-until",
                        "2026-11-23T00:00:00Z",
                        "--dry-run",
                        "--by",
                        "alice@example.com",
                        "--reason",
                        "sink fixed after INC-42"));

        Selection selection = options.selection();
        assertThat(selection.statuses()).containsExactlyInAnyOrder(Status.DEAD, Status.FAILED);
        assertThat(selection.types()).containsExactly("invoice.*", "charge.refunded");
        assertThat(selection.since()).contains(Instant.parse("2026-11-23T14:00:00Z"));
        assertThat(selection.until()).contains(Instant.parse("2026-11-23T15:00:00Z"));
        assertThat(selection.createdSince()).contains(Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(selection.createdUntil()).contains(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(options.dryRun()).isTrue();
        assertThat(options.by()).contains("alice@example.com");
        assertThat(options.reason()).contains("sink fixed after INC-42");
        assertThat(selection.describe())
                .isEqualTo("--status failed --status dead --type invoice.* --type charge.refunded"
                        + " --since 2026-11-23T14:00:00Z --until 2026-11-23T15:00:00Z"
                        + " --created-since 2026-11-22T00:00:00Z --created-until 2026-11-23T00:00:00Z");
    }

    @Test
    void eachCommandTakesTheStatusesItCanWorkOn() throws Exception {
        assertThat(EventOptions.parse(ReceiverCommand.LIST, List.of("--status", "ignored"))
                        .selection()
                        .statuses())
                .containsExactly(Status.IGNORED);
        assertThat(EventOptions.parse(ReceiverCommand.REPLAY, List.of("--status", "discarded"))
                        .selection()
                        .statuses())
                .containsExactly(Status.DISCARDED);
        assertThat(EventOptions.parse(ReceiverCommand.DISCARD, List.of("--status", "pending"))
                        .selection()
                        .statuses())
                .containsExactly(Status.PENDING);
        assertThat(EventOptions.parse(ReceiverCommand.LIST, List.of("--limit", "0"))
                        .limit())
                .isZero();
        assertThat(EventOptions.parse(ReceiverCommand.LIST, List.of()).limit()).isEqualTo(EventOptions.DEFAULT_LIMIT);
    }

    @Test
    void aTypePatternBecomesALikePatternThatMatchesNoMoreThanTheGlob() {
        assertThat(SelectionFilter.likePattern("invoice.*")).isEqualTo("invoice.%");
        assertThat(SelectionFilter.likePattern("v1.billing.meter.error_report_triggered"))
                .isEqualTo("v1.billing.meter.error\\_report\\_triggered");
        assertThat(SelectionFilter.likePattern("*")).isEqualTo("%");
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhy() {
        assertUsageError(ReceiverCommand.REPLAY, List.of("--id"), "--id needs a value");
        assertUsageError(ReceiverCommand.REPLAY, List.of("--id", "in_123"), "--id must be a Stripe event id");
        assertUsageError(
                ReceiverCommand.REPLAY,
                List.of("--status", "pending"),
                "--status must be failed, delivered, dead, discarded for replay, got 'pending'");
        assertUsageError(
                ReceiverCommand.DISCARD,
                List.of("--status", "delivered", "--reason", "x"),
                "--status must be pending, failed, dead for discard");
        assertUsageError(ReceiverCommand.LIST, List.of("--status", "forwarded"), "--status must be pending,");
        assertUsageError(ReceiverCommand.REPLAY, List.of("--type", "invoice paid"), "--type must be an event type");
        assertUsageError(ReceiverCommand.REPLAY, List.of("--since", "yesterday"), "--since must be an RFC 3339 time");
        assertUsageError(ReceiverCommand.REPLAY, List.of("--since", "2026-11-23"), "--since must be an RFC 3339 time");
        assertUsageError(
                ReceiverCommand.REPLAY,
                List.of("--since", "2026-11-23T14:00:00Z", "--until", "2026-11-23T13:00:00Z"),
                "--until must be later than --since");
        assertUsageError(
                ReceiverCommand.LIST,
                List.of("--created-since", "2026-11-23T14:00:00Z", "--created-until", "2026-11-23T14:00:00Z"),
                "--created-until must be later than --created-since");
        assertUsageError(
                ReceiverCommand.REPLAY,
                List.of("--since", "2026-11-23T14:00:00Z", "--since", "2026-11-23T15:00:00Z"),
                "--since may be given once");
        assertUsageError(
                ReceiverCommand.REPLAY, List.of("--id", "evt_1", "--status", "dead"), "--id cannot be combined");
        assertUsageError(
                ReceiverCommand.LIST, List.of("--id", "evt_1", "--type", "invoice.*"), "--id cannot be combined");
        assertUsageError(ReceiverCommand.REPLAY, List.of("--all"), "unknown option '--all'");
        assertUsageError(ReceiverCommand.REPLAY, List.of("--status", "dead", "-x"), "unknown option '-x'");
        assertUsageError(ReceiverCommand.REPLAY, List.of("evt_1"), "unexpected argument 'evt_1'");
        assertUsageError(ReceiverCommand.REPLAY, List.of("--limit", "5"), "unknown option '--limit'");
        assertUsageError(ReceiverCommand.LIST, List.of("--dry-run"), "unknown option '--dry-run'");
        assertUsageError(ReceiverCommand.LIST, List.of("--limit", "many"), "--limit must be a number from 0 to");
        assertUsageError(ReceiverCommand.LIST, List.of("--limit", "-1"), "--limit must be a number from 0 to");
        assertUsageError(ReceiverCommand.DISCARD, List.of("--reason", "two\nlines"), "--reason must be one line");
        assertUsageError(ReceiverCommand.DISCARD, List.of("--reason", "x".repeat(501)), "--reason must be one line");
        assertUsageError(ReceiverCommand.DISCARD, List.of(), "--reason is required");
        assertUsageError(ReceiverCommand.DISCARD, List.of("--status", "dead"), "--reason is required");
    }

    @Test
    void aDiscardDryRunNeedsNoReason() throws Exception {
        assertThat(EventOptions.parse(ReceiverCommand.DISCARD, List.of("--dry-run"))
                        .dryRun())
                .isTrue();
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertThat(command(ReceiverCommand.REPLAY).run(List.of("--help"), config()))
                .isZero();
        assertThat(command(ReceiverCommand.DISCARD).run(List.of("-h"), config()))
                .isZero();
        assertThat(new ListCommand(print(out), print(err), noDatabase()).run(List.of("--help"), config()))
                .isZero();

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("usage: receiver replay", "usage: receiver discard", "usage: receiver list");
    }

    @Test
    void listRefusesBadArgumentsBeforeOpeningTheDatabase() {
        int exit = new ListCommand(print(out), print(err), noDatabase()).run(List.of("--status", "gone"), config());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("list: --status must be", "usage: receiver list");
    }

    private void assertUsageError(ReceiverCommand command, List<String> args, String message) {
        out.reset();
        err.reset();

        int exit = command == ReceiverCommand.LIST
                ? new ListCommand(print(out), print(err), noDatabase()).run(args, config())
                : command(command).run(args, config());

        assertThat(exit).as("exit code for %s %s", command.word(), args).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .as("error for %s %s", command.word(), args)
                .contains(message)
                .contains("usage: receiver " + command.word());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        if (!message.contains("is required")) {
            assertThatThrownBy(() -> EventOptions.parse(command, args)).isInstanceOf(EventOptions.UsageException.class);
        }
    }

    private ActionCommand command(ReceiverCommand command) {
        return new ActionCommand(command, print(out), print(err), noDatabase(), noDatabase(), Clock.systemUTC(), "me");
    }

    private static java.util.function.Function<ReceiverConfig, Database> noDatabase() {
        return config -> {
            throw new AssertionError("bad arguments must not open the database");
        };
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static ReceiverConfig config() {
        return ReceiverConfig.fromEnvironment(Map.of());
    }
}
