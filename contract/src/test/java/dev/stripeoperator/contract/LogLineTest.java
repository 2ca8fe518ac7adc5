package dev.stripeoperator.contract;

import java.util.HashMap;
import java.util.Map;

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
    void keysAreLowerCaseWithUnderscores() {
        assertThat(LogKey.LATENCY_MS.key()).isEqualTo("latency_ms");
        assertThat(LogKey.EVENT_ID.key()).isEqualTo("event_id");
    }
}
