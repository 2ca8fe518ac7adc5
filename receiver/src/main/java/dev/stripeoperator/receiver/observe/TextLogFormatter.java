package dev.stripeoperator.receiver.observe;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The receiver's text log format: time with milliseconds and offset, level, logger, message, then a throwable's stack
 * trace on the lines after. It writes what {@code SimpleFormatter} writes with the format
 * {@code %1$tFT%1$tT.%1$tL%1$tz %4$s %3$s %5$s%6$s%n}, without {@link String#format}, which cost a few per cent of
 * the receiver's CPU at one line per delivery.
 */
public final class TextLogFormatter extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxx");

    private final ZoneId zone = ZoneId.systemDefault();

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(256);
        TIME.formatTo(record.getInstant().atZone(zone), line);
        line.append(' ')
                .append(record.getLevel().getLocalizedName())
                .append(' ')
                .append(record.getLoggerName())
                .append(' ')
                .append(formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                out.println();
                record.getThrown().printStackTrace(out);
            }
            line.append(trace);
        }
        return line.append(System.lineSeparator()).toString();
    }
}
