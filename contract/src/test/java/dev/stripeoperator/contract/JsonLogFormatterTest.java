package dev.stripeoperator.contract;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LOG_FORMAT=json: every record one JSON object on one line, a LogLine with the kind, keys and values of its text. */
class JsonLogFormatterTest {

    private final JsonLogFormatter json = new JsonLogFormatter();

    @Test
    void aLineIsOneObjectWithTheTextsKindKeysAndValuesTypedAsTheyAre() {
        LogLine line = LogLine.of("delivery")
                .with(LogKey.ENDPOINT, "payments/billing")
                .with(LogKey.EVENT_ID, "evt_1Q")
                .with(LogKey.TYPE, null)
                .with(LogKey.OUTCOME, "accepted")
                .with(LogKey.STATUS, 200)
                .with(LogKey.DRY_RUN, true)
                .latency(3_412_000);

        JsonLogReader.Parsed parsed = JsonLogReader.parse(LogCapture.json(line));
        LogfmtReader.Parsed asText = LogfmtReader.parse(line.toString());
        assertThat(parsed.kind()).isEqualTo(asText.kind()).isEqualTo("delivery");
        assertThat(parsed.texts()).isEqualTo(asText.values());
        assertThat(List.copyOf(parsed.values().keySet()))
                .containsExactlyElementsOf(asText.values().keySet());
        assertThat(parsed.values())
                .containsEntry("status", new BigDecimal("200"))
                .containsEntry("latency_ms", new BigDecimal("3.41"))
                .containsEntry("dry_run", true)
                .containsEntry("type", null);
        assertThat(parsed.level()).isEqualTo("INFO");
        assertThat(parsed.logger()).isEqualTo(LogCapture.LOGGER);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "two words",
                "quote\"inside",
                "back\\slash",
                "new\nline",
                "carriage\rreturn",
                "nul\u0000",
                "caf\u00e9 \u2615",
                "line\u2028separator",
                "",
                "-",
                "\"},\"outcome\":\"forged",
                "{0} and {1}"
            })
    void anyValueReadsBackAsItWasAndCannotForgeAKeyOrALine(String hostile) {
        LogLine line = LogLine.of("forwarding").with(LogKey.REASON, hostile).with(LogKey.ATTEMPT, 2);

        String written = LogCapture.json(line);

        assertThat(written).doesNotContain("\n", "\r", "\u2028");
        Map<String, Object> expected = new HashMap<>();
        expected.put("reason", hostile);
        expected.put("attempt", new BigDecimal("2"));
        assertThat(JsonLogReader.parse(written).values()).isEqualTo(expected);
    }

    @Test
    void aLibrarysRecordKeepsItsMessageAndItsExceptionAfterTheEnvelope() {
        LogRecord record = new LogRecord(Level.SEVERE, "pool {0} failed to start");
        record.setParameters(new Object[] {"HikariPool-1"});
        record.setLoggerName("com.zaxxer.hikari.pool.HikariPool");
        record.setInstant(Instant.parse("2026-12-06T10:15:30.123456Z"));
        record.setThrown(new IOException("connection refused"));

        String written = json.format(record);

        JsonLogReader.Parsed parsed = JsonLogReader.parse(written.stripTrailing());
        assertThat(parsed.time()).isEqualTo("2026-12-06T10:15:30.123Z");
        assertThat(parsed.level()).isEqualTo("SEVERE");
        assertThat(parsed.logger()).isEqualTo("com.zaxxer.hikari.pool.HikariPool");
        assertThat(parsed.kind()).isNull();
        assertThat(parsed.values()).containsEntry("message", "pool HikariPool-1 failed to start");
        assertThat((String) parsed.values().get("exception"))
                .startsWith("java.io.IOException: connection refused")
                .contains("\tat dev.stripeoperator.contract.JsonLogFormatterTest");
    }

    @Test
    void theEnvelopeNamesNoKeyOfTheKeySet() {
        List<String> keys = Arrays.stream(LogKey.values()).map(LogKey::key).toList();

        assertThat(keys)
                .doesNotContain(
                        JsonLogFormatter.TIME,
                        JsonLogFormatter.LEVEL,
                        JsonLogFormatter.LOGGER,
                        JsonLogFormatter.KIND,
                        JsonLogFormatter.EXCEPTION)
                .contains(JsonLogFormatter.MESSAGE);
    }

    @Test
    void theFormatIsTextUnlessTheSettingSaysJsonAndNothingElse() {
        assertThat(LogFormat.read(new Settings(Map.of()), "LOG_FORMAT")).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.read(new Settings(Map.of("LOG_FORMAT", "json")), "LOG_FORMAT"))
                .isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.read(new Settings(Map.of("LOG_FORMAT", " text ")), "LOG_FORMAT"))
                .isEqualTo(LogFormat.TEXT);
        assertThatThrownBy(() -> LogFormat.read(new Settings(Map.of("LOG_FORMAT", "JSON-lines")), "LOG_FORMAT"))
                .isInstanceOf(SettingException.class)
                .hasMessage("LOG_FORMAT must be text or json, got 'JSON-lines'");
    }

    @Test
    void jsonReplacesTheRootHandlersFormatterAndTextKeepsIt() {
        Handler handler = new StreamHandler();
        Formatter configured = handler.getFormatter();
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            LogFormat.TEXT.apply();
            assertThat(handler.getFormatter()).isSameAs(configured);

            LogFormat.JSON.apply();
            assertThat(handler.getFormatter()).isInstanceOf(JsonLogFormatter.class);
        } finally {
            root.removeHandler(handler);
        }
    }
}
