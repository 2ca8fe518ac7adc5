package dev.stripeoperator.contract;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogLineTest {

    @Test
    void plainValuesAreWrittenBare() {
        String line = LogLine.of("delivery")
                .with(LogKey.ENDPOINT, "payments/billing")
                .with(LogKey.EVENT_ID, "evt_1Q")
                .with(LogKey.STATUS, 200)
                .latency(3_412_000)
                .toString();

        assertThat(line).isEqualTo("delivery endpoint=payments/billing event_id=evt_1Q status=200 latency_ms=3.41");
    }

    @Test
    void anUnknownValueIsADashAndADashIsQuoted() {
        String line = LogLine.of("delivery")
                .with(LogKey.EVENT_ID, null)
                .with(LogKey.TYPE, "-")
                .toString();

        assertThat(line).isEqualTo("delivery event_id=- type=\"-\"");
        Map<String, String> expected = new HashMap<>();
        expected.put("event_id", null);
        expected.put("type", "-");
        assertThat(LogfmtReader.parse(line).values()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "two words",
                "quote\"inside",
                "key=value",
                "back\\slash",
                "new\nline",
                "carriage\rreturn",
                "tab\there",
                "bell\u0007",
                "nul\u0000",
                "del\u007f",
                "caf\u00e9 \u2615",
                "line\u2028separator",
                "",
                "evt_1 outcome=accepted status=200",
                "\" forged=1"
            })
    void anyValueReadsBackAsItWasAndCannotForgeAPairOrALine(String hostile) {
        String line = LogLine.of("forwarding")
                .with(LogKey.REASON, hostile)
                .with(LogKey.ATTEMPT, 2)
                .toString();

        LogfmtReader.Parsed parsed = LogfmtReader.parse(line);

        assertThat(parsed.kind()).isEqualTo("forwarding");
        assertThat(parsed.values()).containsExactly(Map.entry("reason", hostile), Map.entry("attempt", "2"));
        assertThat(line).doesNotContain("\n", "\r", "\u2028");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Delivery", "two words", "", "k=v", "9lives"})
    void theKindIsOneLowerCaseWord(String kind) {
        assertThatThrownBy(() -> LogLine.of(kind)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loggedItIsARecordOfItsLoggerWhoseMessageIsTheLineEvenWithBracesInAValue() throws Exception {
        Logger logger = Logger.getLogger("dev.stripeoperator.contract.LogLineTest");
        logger.setLevel(Level.INFO);
        LogLine line = LogLine.of("forwarding").with(LogKey.ERROR, "expected {0} but was '{1}'");

        List<LogRecord> records = LogCapture.records(logger, () -> {
            line.log(logger, Level.FINE);
            line.log(logger, Level.WARNING);
        });

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.WARNING);
            assertThat(record.getLoggerName()).isEqualTo(logger.getName());
            assertThat(record.getSourceClassName()).isEqualTo(logger.getName());
            assertThat(new SimpleFormatter().formatMessage(record))
                    .isEqualTo("forwarding error=\"expected {0} but was '{1}'\"");
        });
    }

    @Test
    void latencyIsRoundedToTwoDecimalsHalfUp() {
        assertThat(LogLine.of("delivery").latency(3_415_000).toString()).isEqualTo("delivery latency_ms=3.42");
        assertThat(LogLine.of("delivery").latency(1).toString()).isEqualTo("delivery latency_ms=0.00");
        assertThat(LogLine.of("delivery").latency(12_345_678_901L).toString())
                .isEqualTo("delivery latency_ms=12345.68");
    }

    @Test
    void keysAreLowerCaseWithUnderscores() {
        assertThat(LogKey.LATENCY_MS.key()).isEqualTo("latency_ms");
        assertThat(LogKey.EVENT_ID.key()).isEqualTo("event_id");
    }
}
