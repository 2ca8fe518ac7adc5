package dev.stripeoperator.contract;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplaySummaryTest {

    private static final Instant TIME = Instant.parse("2026-12-06T10:15:30Z");

    @Test
    void aReplayCountsWhatItReplayedUnderThatName() {
        ReplaySummary summary = new ReplaySummary(
                Instant.parse("2026-12-06T10:15:30.789Z"),
                ReceiverCommand.REPLAY,
                12L,
                10L,
                2L,
                0L,
                BackfillOutcome.SUCCEEDED,
                "replayed 10 of 12 matched events",
                false);

        assertThat(summary.toJson())
                .isEqualTo("{\"time\":\"2026-12-06T10:15:30Z\",\"action\":\"replay\",\"matched\":12,\"replayed\":10,"
                        + "\"skipped\":2,\"failed\":0,\"outcome\":\"Succeeded\","
                        + "\"message\":\"replayed 10 of 12 matched events\"}");
    }

    @Test
    void aDiscardDryRunReadsBackAsWritten() {
        ReplaySummary written = new ReplaySummary(
                TIME,
                ReceiverCommand.DISCARD,
                3L,
                3L,
                0L,
                0L,
                BackfillOutcome.SUCCEEDED,
                "would discard 3 events \"sink retired\"\n",
                true);

        String json = written.toJson();

        assertThat(json).contains("\"discarded\":3", "\"dryRun\":true").doesNotContain("replayed", "\n");
        assertThat(ReplaySummary.fromJson(json)).contains(written);
    }

    @Test
    void aFailedRunKeepsTheCountsItReachedAndUnknownCountsStayUnknown() {
        String json = "{\"action\":\"replay\",\"matched\":900,\"replayed\":500,\"outcome\":\"Failed\","
                + "\"message\":\"database error\",\"later\":{\"field\":1}}";

        assertThat(ReplaySummary.fromJson(json))
                .contains(new ReplaySummary(
                        null,
                        ReceiverCommand.REPLAY,
                        900L,
                        500L,
                        null,
                        null,
                        BackfillOutcome.FAILED,
                        "database error",
                        false));
    }

    @Test
    void aLongMessageIsCutSoTheWholeSummaryFitsTheKubeletsLimit() {
        String json = new ReplaySummary(
                        TIME,
                        ReceiverCommand.DISCARD,
                        1L,
                        1L,
                        0L,
                        0L,
                        BackfillOutcome.FAILED,
                        "\u00e9\"".repeat(10_000),
                        false)
                .toJson();

        assertThat(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThan(4096);
        assertThat(ReplaySummary.fromJson(json))
                .hasValueSatisfying(read -> assertThat(read.message()).hasSize(BackfillSummary.MAX_MESSAGE_CHARS));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "replayed 3 events",
                "{\"action\":\"replay\"}",
                "{\"action\":\"reconcile\",\"outcome\":\"Succeeded\"}",
                "{\"outcome\":\"Succeeded\",\"listed\":3}",
                "{\"action\":7,\"outcome\":\"Succeeded\"}"
            })
    void whatIsNoReplaySummaryReadsAsNone(String message) {
        assertThat(ReplaySummary.fromJson(message)).isEmpty();
    }

    @Test
    void onlyTheTwoActionsHaveASummary() {
        assertThatThrownBy(() -> new ReplaySummary(
                        TIME, ReceiverCommand.LIST, 1L, 0L, 0L, 0L, BackfillOutcome.SUCCEEDED, "", false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
