package dev.stripeoperator.receiver.observe;

import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import dev.stripeoperator.contract.LogKey;
import dev.stripeoperator.contract.LogLine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextLogFormatterTest {

    private static final String FORMAT = "%1$tFT%1$tT.%1$tL%1$tz %4$s %3$s %5$s%6$s%n";

    @Test
    void writesWhatSimpleFormatterWritesWithTheReceiversFormat() {
        LogRecord delivery = new LogRecord(
                Level.INFO,
                LogLine.of("delivery")
                        .with(LogKey.EVENT_ID, "evt_1")
                        .with(LogKey.OUTCOME, "accepted")
                        .toString());
        delivery.setLoggerName("dev.stripeoperator.receiver.delivery");
        delivery.setInstant(Instant.parse("2026-12-06T09:05:07.008Z"));
        LogRecord library = new LogRecord(Level.WARNING, "pool {0} has {1} connections");
        library.setParameters(new Object[] {"events", 20});
        library.setLoggerName("com.zaxxer.hikari.pool.HikariPool");
        library.setInstant(Instant.parse("2026-01-31T23:59:59.999Z"));
        LogRecord failure = new LogRecord(Level.SEVERE, "writer failed");
        failure.setLoggerName("dev.stripeoperator.receiver.store.GroupCommit");
        failure.setThrown(new IllegalStateException("boom", new RuntimeException("cause")));

        for (LogRecord record : List.of(delivery, library, failure)) {
            assertThat(new TextLogFormatter().format(record)).isEqualTo(simpleFormatter(record));
        }
    }

    private static String simpleFormatter(LogRecord record) {
        String before = System.getProperty("java.util.logging.SimpleFormatter.format");
        System.setProperty("java.util.logging.SimpleFormatter.format", FORMAT);
        try {
            return new SimpleFormatter().format(record);
        } finally {
            if (before == null) {
                System.clearProperty("java.util.logging.SimpleFormatter.format");
            } else {
                System.setProperty("java.util.logging.SimpleFormatter.format", before);
            }
        }
    }
}
