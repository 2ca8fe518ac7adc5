package dev.stripeoperator.receiver.observe;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import dev.stripeoperator.contract.BackfillOutcome;
import dev.stripeoperator.contract.JsonLogReader;
import dev.stripeoperator.contract.LogCapture;
import dev.stripeoperator.contract.LogKey;
import dev.stripeoperator.contract.LogLine;
import dev.stripeoperator.contract.LogfmtReader;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReplaySummary;
import dev.stripeoperator.contract.SigningKeys;
import dev.stripeoperator.receiver.backfill.BackfillCounts;
import dev.stripeoperator.receiver.backfill.BackfillRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sample of every kind of line the receiver logs, with values that would break a naive format (blanks, quotes,
 * equals signs, line breaks, non-ASCII): each reads back with one strict parser, in the one key set, value for value,
 * and with {@code LOG_FORMAT=json} as one JSON object with the same kind, keys and values.
 */
class LogLinesTest {

    /** Keys whose values are counts, sizes and times: numbers in JSON, in every line that has them. */
    private static final Set<String> NUMBERS = Set.of(
            "status",
            "latency_ms",
            "attempt",
            "retry_in_ms",
            "events",
            "deleted",
            "age_s",
            "listed",
            "already_present",
            "missing",
            "recovered",
            "ignored",
            "refused",
            "wrong_mode",
            "unsubscribed",
            "version_mismatches",
            "accounts",
            "duration_ms",
            "port",
            "matched",
            "replayed",
            "discarded",
            "skipped",
            "failed",
            "action_id");

    private static final String ENDPOINT = "payments/billing";
    /** An error text as a library might word it: quotes, an equals sign, a line break, a non-ASCII character. */
    private static final String ERROR = "ERROR: value too long for type \"text\"\n  Detail: key=(évt)";

    static Stream<Arguments> samples() {
        return Stream.of(
                sample(
                        "an acknowledged delivery",
                        LogLines.delivery(
                                ENDPOINT, "evt_1", "invoice.paid", DeliveryOutcome.ACCEPTED, null, 200, 3_410_000),
                        "delivery",
                        Map.of(
                                "endpoint",
                                ENDPOINT,
                                "event_id",
                                "evt_1",
                                "type",
                                "invoice.paid",
                                "outcome",
                                "accepted",
                                "status",
                                "200",
                                "latency_ms",
                                "3.41")),
                sample(
                        "a refused delivery whose event is unknown",
                        LogLines.delivery(
                                ENDPOINT, null, null, DeliveryOutcome.REJECTED, "no_matching_signature", 400, 1),
                        "delivery",
                        map(
                                "endpoint",
                                ENDPOINT,
                                "event_id",
                                null,
                                "type",
                                null,
                                "outcome",
                                "rejected",
                                "reason",
                                "no_matching_signature",
                                "status",
                                "400",
                                "latency_ms",
                                "0.00")),
                sample(
                        "a forwarding attempt scheduled again",
                        LogLines.forwardingAttempt(
                                ENDPOINT,
                                "evt_2",
                                "charge.succeeded",
                                3,
                                "retry",
                                10_000_000,
                                "sink answered HTTP 503",
                                Duration.ofMinutes(4),
                                true),
                        "forwarding",
                        Map.of(
                                "endpoint",
                                ENDPOINT,
                                "event_id",
                                "evt_2",
                                "type",
                                "charge.succeeded",
                                "attempt",
                                "3",
                                "outcome",
                                "retry",
                                "latency_ms",
                                "10.00",
                                "reason",
                                "sink answered HTTP 503",
                                "retry_in_ms",
                                "240000")),
                sample(
                        "a forwarding attempt whose outcome was lost",
                        LogLines.forwardingAttempt(
                                ENDPOINT, "evt_3", "charge.succeeded", 1, "delivered", 0, null, null, false),
                        "forwarding",
                        Map.of(
                                "endpoint",
                                ENDPOINT,
                                "event_id",
                                "evt_3",
                                "type",
                                "charge.succeeded",
                                "attempt",
                                "1",
                                "outcome",
                                "delivered",
                                "latency_ms",
                                "0.00",
                                "error",
                                "outcome not stored: the lease ran out and the event was taken over or replayed")),
                sample(
                        "a forwarding step that failed",
                        LogLines.forwarding(ENDPOINT, "claim_failed", ERROR),
                        "forwarding",
                        Map.of("endpoint", ENDPOINT, "outcome", "claim_failed", "error", ERROR)),
                sample(
                        "an outcome that could not be written",
                        LogLines.forwardingNotRecorded(ENDPOINT, "evt_4", "invoice.paid", ERROR),
                        "forwarding",
                        Map.of(
                                "endpoint",
                                ENDPOINT,
                                "event_id",
                                "evt_4",
                                "type",
                                "invoice.paid",
                                "outcome",
                                "not_recorded",
                                "error",
                                ERROR)),
                sample(
                        "the outcome writer failing",
                        LogLines.forwardingWriterFailed(7, ERROR),
                        "forwarding",
                        Map.of("outcome", "writer_failed", "events", "7", "error", ERROR)),
                sample(
                        "a retention sweep",
                        LogLines.retention(ENDPOINT, 500, null),
                        "retention",
                        Map.of("endpoint", ENDPOINT, "outcome", "swept", "deleted", "500")),
                sample(
                        "a retention sweep that failed",
                        LogLines.retention(ENDPOINT, 0, ERROR),
                        "retention",
                        Map.of("endpoint", ENDPOINT, "outcome", "failed", "error", ERROR)),
                sample(
                        "the database not ready yet",
                        LogLines.database(false, Duration.ofSeconds(4), ERROR),
                        "database",
                        Map.of("outcome", "unavailable", "retry_in_ms", "4000", "error", ERROR)),
                sample(
                        "the database ready",
                        LogLines.database(true, null, null),
                        "database",
                        Map.of("outcome", "ready")),
                sample(
                        "a group commit that failed",
                        LogLines.groupCommitFailed("commit_failed", 256, ERROR),
                        "group_commit",
                        Map.of("outcome", "commit_failed", "events", "256", "error", ERROR)),
                sample(
                        "an event the database refused",
                        LogLines.groupCommitRefused(ENDPOINT, "evt_5", ERROR),
                        "group_commit",
                        Map.of("endpoint", ENDPOINT, "event_id", "evt_5", "outcome", "refused", "error", ERROR)),
                sample(
                        "signing secrets during a rotation",
                        LogLines.signingSecrets(
                                "signing_secrets",
                                "changed",
                                "/etc/stripe/signing",
                                new SigningKeys("whsec_new", "whsec_old", Instant.parse("2026-11-24T12:00:00Z"))),
                        "signing_secrets",
                        Map.of(
                                "outcome",
                                "changed",
                                "source",
                                "/etc/stripe/signing",
                                "current",
                                "sha256:06626a5e",
                                "previous",
                                "sha256:3d269a69",
                                "previous_expires_at",
                                "2026-11-24T12:00:00Z")),
                sample(
                        "a signing secret file problem",
                        LogLines.signingSecretsProblem("signing_secrets", "/etc/stripe/signing", ERROR),
                        "signing_secrets",
                        Map.of("outcome", "problem", "source", "/etc/stripe/signing", "error", ERROR)),
                sample(
                        "an event a backfill recovered",
                        LogLines.backfillEvent(
                                ENDPOINT,
                                "evt_6",
                                "invoice.paid",
                                "recovered",
                                3600,
                                "acct_1",
                                "2024-06-20",
                                "2025-09-30.clover",
                                null),
                        "backfill",
                        Map.of(
                                "endpoint",
                                ENDPOINT,
                                "event_id",
                                "evt_6",
                                "type",
                                "invoice.paid",
                                "outcome",
                                "recovered",
                                "age_s",
                                "3600",
                                "account",
                                "acct_1",
                                "api_version",
                                "2024-06-20",
                                "endpoint_api_version",
                                "2025-09-30.clover")),
                sample(
                        "an event the database refused during a backfill",
                        LogLines.backfillEvent(
                                ENDPOINT, "evt_7", "invoice.paid", "refused", 60, null, "2024-06-20", null, ERROR),
                        "backfill",
                        Map.of(
                                "endpoint",
                                ENDPOINT,
                                "event_id",
                                "evt_7",
                                "type",
                                "invoice.paid",
                                "outcome",
                                "refused",
                                "age_s",
                                "60",
                                "error",
                                ERROR)),
                sample(
                        "a connected account a backfill skipped",
                        LogLines.backfillAccountSkipped(ENDPOINT, "acct_2", ERROR),
                        "backfill",
                        Map.of(
                                "endpoint",
                                ENDPOINT,
                                "account",
                                "acct_2",
                                "outcome",
                                "account_skipped",
                                "error",
                                ERROR)),
                sample(
                        "a backfill alert",
                        LogLines.backfillAlert(
                                ENDPOINT, "failing_silently", LogKey.RECOVERED, 12, "webhooks may be failing"),
                        "backfill",
                        Map.of(
                                "endpoint",
                                ENDPOINT,
                                "outcome",
                                "failing_silently",
                                "recovered",
                                "12",
                                "message",
                                "webhooks may be failing")),
                sample(
                        "a backfill's summary",
                        new BackfillRun(
                                        Instant.EPOCH,
                                        new BackfillCounts(3, 1, 1, 0, 1, 0, 0, 0, 0, 0),
                                        BackfillOutcome.FAILED,
                                        ERROR,
                                        Duration.ofMillis(1500),
                                        false)
                                .line(ENDPOINT),
                        "backfill",
                        Map.ofEntries(
                                Map.entry("endpoint", ENDPOINT),
                                Map.entry("outcome", "failed"),
                                Map.entry("listed", "3"),
                                Map.entry("already_present", "1"),
                                Map.entry("missing", "2"),
                                Map.entry("recovered", "1"),
                                Map.entry("ignored", "0"),
                                Map.entry("refused", "1"),
                                Map.entry("wrong_mode", "0"),
                                Map.entry("unsubscribed", "0"),
                                Map.entry("version_mismatches", "0"),
                                Map.entry("accounts", "0"),
                                Map.entry("duration_ms", "1500"),
                                Map.entry("message", ERROR))),
                sample(
                        "a summary the kubelet could not get",
                        LogLines.terminationMessageNotWritten(ReceiverCommand.RECONCILE, "/dev/termination-log", ERROR),
                        "backfill",
                        Map.of("outcome", "summary_not_written", "path", "/dev/termination-log", "error", ERROR)),
                sample(
                        "a person's replay, with who asked and why",
                        LogLines.eventAction(
                                new ReplaySummary(
                                        Instant.EPOCH,
                                        ReceiverCommand.REPLAY,
                                        12L,
                                        10L,
                                        2L,
                                        0L,
                                        BackfillOutcome.SUCCEEDED,
                                        "replayed 10 event(s) of endpoint payments/billing; 12 matched, 2 skipped",
                                        false),
                                ENDPOINT,
                                "StripeWebhookReplay payments/after-inc-42",
                                Optional.of("sink fixed, see \"INC-42\"=done"),
                                7L,
                                Duration.ofMillis(840)),
                        "replay",
                        Map.ofEntries(
                                Map.entry("endpoint", ENDPOINT),
                                Map.entry("outcome", "succeeded"),
                                Map.entry("matched", "12"),
                                Map.entry("replayed", "10"),
                                Map.entry("skipped", "2"),
                                Map.entry("failed", "0"),
                                Map.entry("by", "StripeWebhookReplay payments/after-inc-42"),
                                Map.entry("reason", "sink fixed, see \"INC-42\"=done"),
                                Map.entry("action_id", "7"),
                                Map.entry("duration_ms", "840"),
                                Map.entry(
                                        "message",
                                        "replayed 10 event(s) of endpoint payments/billing; 12 matched, 2 skipped"))),
                sample(
                        "a discard dry run that failed before it counted",
                        LogLines.eventAction(
                                new ReplaySummary(
                                        Instant.EPOCH,
                                        ReceiverCommand.DISCARD,
                                        null,
                                        null,
                                        null,
                                        null,
                                        BackfillOutcome.FAILED,
                                        "discard failed: " + ERROR,
                                        true),
                                ENDPOINT,
                                "alice",
                                Optional.empty(),
                                null,
                                Duration.ofMillis(3)),
                        "discard",
                        map(
                                "endpoint",
                                ENDPOINT,
                                "outcome",
                                "failed",
                                "dry_run",
                                "true",
                                "matched",
                                null,
                                "discarded",
                                null,
                                "skipped",
                                null,
                                "failed",
                                null,
                                "by",
                                "alice",
                                "duration_ms",
                                "3",
                                "message",
                                "discard failed: " + ERROR)),
                sample(
                        "the receiver listening",
                        LogLines.listening(8080, "/webhooks/stripe/payments/billing"),
                        "receiver",
                        Map.of("outcome", "listening", "port", "8080", "path", "/webhooks/stripe/payments/billing")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void readsBackAsWritten(String what, LogLine logged, String kind, Map<String, String> values) {
        String line = logged.toString();
        LogfmtReader.Parsed parsed = LogfmtReader.parse(line);

        assertThat(parsed.kind()).as(what).isEqualTo(kind);
        assertThat(parsed.values()).as(what).isEqualTo(values);
        assertThat(line).doesNotContain("\n").doesNotContain("whsec_");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void inJsonTheyAreOneObjectWithTheSameKindKeysAndValuesCountsAsNumbers(
            String what, LogLine logged, String kind, Map<String, String> values) {
        String line = LogCapture.json(logged);

        JsonLogReader.Parsed parsed = JsonLogReader.parse(line);

        assertThat(parsed.kind()).as(what).isEqualTo(kind);
        assertThat(parsed.texts()).as(what).isEqualTo(values);
        assertThat(List.copyOf(parsed.values().keySet()))
                .as("%s: the keys in the order of the text line", what)
                .containsExactlyElementsOf(
                        LogfmtReader.parse(logged.toString()).values().keySet());
        parsed.values().forEach((key, value) -> {
            if (value != null) {
                assertThat(value)
                        .as("%s: %s", what, key)
                        .isInstanceOf(NUMBERS.contains(key) ? BigDecimal.class : Object.class);
                if (!NUMBERS.contains(key)) {
                    assertThat(value).as("%s: %s", what, key).isNotInstanceOf(BigDecimal.class);
                }
            }
        });
        assertThat(line).doesNotContain("whsec_");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void aboutAnEventTheyAlwaysNameItAndItsEndpoint(String what, LogLine line) {
        List<String> keys =
                List.copyOf(LogfmtReader.parse(line.toString()).values().keySet());

        if (keys.contains("event_id")) {
            assertThat(keys).as(what).contains("endpoint", "outcome");
        }
        assertThat(keys)
                .as("%s: every line says what became of its subject", what)
                .contains("outcome");
    }

    private static Arguments sample(String what, LogLine line, String kind, Map<String, String> values) {
        return Arguments.of(what, line, kind, values);
    }

    /** A map that may hold nulls (unknown values), in insertion order. */
    private static Map<String, String> map(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
