package dev.stripeoperator.contract;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code LOG_FORMAT=json}: each record as one JSON object on one line. First {@value #TIME} (UTC, milliseconds),
 * {@value #LEVEL} and {@value #LOGGER}; then a {@link LogLine}'s {@value #KIND} and pairs, with the keys and values
 * of its text form, or for the libraries' records their {@value #MESSAGE}; last, when the record carries one, the
 * {@value #EXCEPTION} as the text format prints it. Nothing is added that the text line does not say.
 */
public final class JsonLogFormatter extends Formatter {

    /** When the record was made, {@code 2026-12-06T10:15:30.123Z}. */
    public static final String TIME = "time";
    /** The record's level: {@code SEVERE}, {@code WARNING}, {@code INFO}, {@code FINE} ... */
    public static final String LEVEL = "level";
    /** The logger's name. */
    public static final String LOGGER = "logger";
    /** A {@link LogLine}'s kind. */
    public static final String KIND = "kind";
    /** A library's message, where a {@link LogLine} has its kind and pairs. */
    public static final String MESSAGE = LogKey.MESSAGE.key();
    /** A throwable attached to the record, with its stack trace. */
    public static final String EXCEPTION = "exception";

    private static final DateTimeFormatter TIME_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    @Override
    public String format(LogRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(TIME, TIME_FORMAT.format(record.getInstant()));
        fields.put(LEVEL, record.getLevel().getName());
        fields.put(LOGGER, record.getLoggerName());
        if (record instanceof LogLine.Record line && line.line() != null) {
            line.line().fields(fields);
        } else {
            fields.put(MESSAGE, formatMessage(record));
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                record.getThrown().printStackTrace(out);
            }
            fields.put(EXCEPTION, trace.toString().stripTrailing());
        }
        return FlatJson.write(fields) + System.lineSeparator();
    }
}
