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

    /** The logger {@link #json} logs through. */
    public static final String LOGGER = "dev.stripeoperator.test.json";

    /** What a test runs while its lines are caught. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private LogCapture() {}

    /** The records {@code action} logs through {@code logger}, which passes them to no other handler meanwhile. */
    public static List<LogRecord> records(Logger logger, Action action) throws Exception {
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
        Logger logger = Logger.getLogger(LOGGER);
        List<LogRecord> records;
        try {
            records = records(logger, () -> line.log(logger, Level.INFO));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(records).hasSize(1);
        String written = new JsonLogFormatter().format(records.getFirst());
        assertThat(written).endsWith(System.lineSeparator());
        return written.substring(0, written.length() - System.lineSeparator().length());
    }
}
