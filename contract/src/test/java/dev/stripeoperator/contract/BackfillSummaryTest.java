package dev.stripeoperator.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillSummaryTest {

    private static final Instant TIME = Instant.parse("2026-11-23T18:17:03Z");

    private static BackfillSummary summary(BackfillOutcome outcome, String message, boolean dryRun) {
        return new BackfillSummary(
                Instant.parse("2026-11-23T18:17:03.456Z"),
                812L,
                805L,
                7L,
                5L,
                2L,
                0L,
                40L,
                3L,
                2L,
                outcome,
                message,
                dryRun);
    }

    @Test
    void theJsonIsByteForByteWhatReceiversHaveAlwaysWritten() {
        // The shape earlier receivers wrote with Gson; operators of every version read it.
        assertThat(summary(BackfillOutcome.SUCCEEDED, "recovered 5", false).toJson())
                .isEqualTo(
                        "{\"time\":\"2026-11-23T18:17:03Z\",\"listed\":812,\"alreadyPresent\":805,\"missing\":7,\"recovered\":5,"
                                + "\"ignored\":2,\"wrongMode\":0,\"unsubscribed\":40,\"versionMismatches\":3,\"accounts\":2,"
                                + "\"outcome\":\"Succeeded\",\"message\":\"recovered 5\"}");
    }

    @Test
    void aDryRunSaysSo() {
        String json =
                summary(BackfillOutcome.SUCCEEDED, "would recover 5", true).toJson();

        assertThat(json).contains("\"accounts\":2,\"dryRun\":true,\"outcome\":\"Succeeded\"");
        assertThat(BackfillSummary.fromJson(json))
                .hasValueSatisfying(read -> assertThat(read.dryRun()).isTrue());
    }

    @Test
    void whatTheReceiverWritesTheOperatorReadsBack() {
        BackfillSummary written = summary(
                BackfillOutcome.FAILED,
                "Stripe said \"no\" \\ twice\n\ttab, bell \u0007, line separator \u2028, caf\u00e9 \u2615",
                false);

        assertThat(BackfillSummary.fromJson(written.toJson()))
                .contains(new BackfillSummary(
                        TIME,
                        812L,
                        805L,
                        7L,
                        5L,
                        2L,
                        0L,
                        40L,
                        3L,
                        2L,
                        BackfillOutcome.FAILED,
                        written.message(),
                        false));
        assertThat(written.toJson()).doesNotContain("\n", "\u0007", "\u2028");
    }

    @Test
    void aLongMessageIsCutSoTheWholeSummaryFitsTheKubeletsLimit() {
        String json = summary(BackfillOutcome.FAILED, "\u00e9\"".repeat(10_000), false)
                .toJson();

        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(4096);
        assertThat(BackfillSummary.fromJson(json))
                .hasValueSatisfying(read -> assertThat(read.message())
                        .hasSize(BackfillSummary.MAX_MESSAGE_CHARS)
                        .endsWith("…"));
    }

    @Test
    void aSummaryOfAnOlderReceiverLeavesTheCountsItDidNotKnowNull() {
        String older = "{\"time\":\"2026-11-23T18:17:03Z\",\"listed\":812,\"alreadyPresent\":805,\"missing\":7,"
                + "\"recovered\":5,\"ignored\":2,\"wrongMode\":0,\"outcome\":\"Succeeded\",\"message\":\"recovered 5\"}";

        assertThat(BackfillSummary.fromJson(older))
                .contains(new BackfillSummary(
                        TIME,
                        812L,
                        805L,
                        7L,
                        5L,
                        2L,
                        0L,
                        null,
                        null,
                        null,
                        BackfillOutcome.SUCCEEDED,
                        "recovered 5",
                        false));
    }

    @Test
    void fieldsOfALaterReceiverArePassedOverWhateverTheirShape() {
        String later = "{\"outcome\":\"Succeeded\",\"listed\":3,\"perAccount\":[{\"id\":\"acct_1\",\"listed\":3}],"
                + "\"ratio\":0.5,\"note\":null,\"message\":\"\"}";

        assertThat(BackfillSummary.fromJson(later)).hasValueSatisfying(read -> {
            assertThat(read.listed()).isEqualTo(3L);
            assertThat(read.time()).isNull();
            assertThat(read.outcome()).isEqualTo(BackfillOutcome.SUCCEEDED);
        });
    }

    @Test
    void anOutcomeOtherThanSucceededReadsAsFailedAndAnOddCountAsUnknown() {
        assertThat(BackfillSummary.fromJson("{\"outcome\":\"Partial\",\"listed\":2.5,\"missing\":\"7\","
                        + "\"recovered\":1e2,\"time\":\"yesterday\"}"))
                .hasValueSatisfying(read -> {
                    assertThat(read.outcome()).isEqualTo(BackfillOutcome.FAILED);
                    assertThat(read.listed()).isNull();
                    assertThat(read.missing()).isNull();
                    assertThat(read.recovered()).isEqualTo(100L);
                    assertThat(read.time()).isNull();
                    assertThat(read.message()).isEmpty();
                });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "Exception in thread \"main\" java.lang.OutOfMemoryError",
                "{\"listed\":812}",
                "[{\"outcome\":\"Succeeded\"}]",
                "{\"outcome\":\"Succeeded\"} trailing",
                "{\"outcome\":\"Succeeded\",}",
                "{\"outcome\":\"Succeeded\"",
                "{\"outcome\":Succeeded}",
                "{\"outcome\":\"Succ\needed\"}",
                "{\"outcome\":\"\\x\"}",
                "{\"outcome\":\"\\u12\"}",
                "{\"outcome\":\"Succeeded\",\"listed\":01}",
                "{\"outcome\":\"Succeeded\",\"listed\":-}",
                "{\"outcome\":\"Succeeded\",\"a\":tru}",
                "{'outcome':'Failed'}",
                "{\"outcome\":3}"
            })
    void aMessageThatIsNoSummaryReadsAsNone(String message) {
        assertThat(BackfillSummary.fromJson(message)).isEmpty();
    }

    @Test
    void nestingIsBoundedSoAHostileMessageCannotExhaustTheStack() {
        String deep = "{\"outcome\":\"Succeeded\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

        assertThat(BackfillSummary.fromJson(deep)).isEmpty();
        assertThat(BackfillSummary.fromJson(null)).isEmpty();
    }
}
