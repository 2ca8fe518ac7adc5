package dev.stripeoperator.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** What a test's code logs, caught at the logger: the records themselves, or a line as the JSON format writes it. */
public final class LogCapture {

    private LogCapture() {}

    /** The records {@code action} logs through {@code logger}, which passes them to no other handler meanwhile. */
    public static List<LogRecord> records(Logger logger, Runnable action) {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        boolean parents = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(parents);
        }
        return records;
    }

    /** {@code line} logged at INFO as {@code LOG_FORMAT=json} writes it: one line, here without its line break. */
    public static String json(LogLine line) {
        List<LogRecord> records =
                records(Logger.getLogger(LOGGER), () -> line.log(Logger.getLogger(LOGGER), Level.INFO));
        assertThat(records).hasSize(1);
        String written = new JsonLogFormatter().format(records.getFirst());
        assertThat(written).endsWith(System.lineSeparator());
        return written.substring(0, written.length() - System.lineSeparator().length());
    }

    /** The logger {@link #json} logs through. */
    public static final String LOGGER = "dev.stripeoperator.test.json";
}
