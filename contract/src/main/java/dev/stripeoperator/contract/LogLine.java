package dev.stripeoperator.contract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * One log line of the operator or the receiver: a kind ({@code delivery}, {@code forwarding}, {@code backfill}, ...)
 * then {@code key=value} pairs of the {@link LogKey} set. As text ({@link #toString()}) it is logfmt: a value is
 * written bare when it has no blank, quote, equals sign, backslash or non-ASCII character, and otherwise quoted as the
 * summary JSON quotes strings ({@link Quoting}), so that a value never ends a line or a pair early; an unknown value
 * (null) is {@code -}, and a value that is literally {@code -} is quoted. {@link LogFormat#JSON} writes the same kind
 * and pairs as one JSON object instead, numbers and booleans as such and an unknown value as null.
 */
public final class LogLine {

    private static final Pattern KIND = Pattern.compile("[a-z][a-z_]*");
    private static final String UNKNOWN = "-";

    private final String kind;
    private final List<Map.Entry<LogKey, Object>> pairs = new ArrayList<>(12);

    private LogLine(String kind) {
        this.kind = kind;
    }

    /** A line of this kind, a lower-case word. */
    public static LogLine of(String kind) {
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("a log line's kind is a lower-case word: " + kind);
        }
        return new LogLine(kind);
    }

    /** Adds {@code key=value}; null is an unknown value. */
    public LogLine with(LogKey key, Object value) {
        pairs.add(new AbstractMap.SimpleImmutableEntry<>(key, value));
        return this;
    }

    /** Adds {@code latency_ms} from nanoseconds, with two decimals. */
    public LogLine latency(long elapsedNanos) {
        return with(LogKey.LATENCY_MS, BigDecimal.valueOf(elapsedNanos, 6).setScale(2, RoundingMode.HALF_UP));
    }

    /**
     * Logs this line at {@code level} when the logger takes that level. The record carries the line itself, so that the
     * JSON format writes its pairs, and names the logger as its source, sparing the logging framework a stack walk.
     */
    public void log(Logger logger, Level level) {
        if (logger.isLoggable(level)) {
            logger.log(new Record(level, this, logger.getName()));
        }
    }

    /** The kind, then the pairs in the order they were added, as JSON values: numbers, booleans, strings or null. */
    Map<String, Object> fields(Map<String, Object> into) {
        into.put(JsonLogFormatter.KIND, kind);
        pairs.forEach(pair -> into.put(pair.getKey().key(), jsonValue(pair.getValue())));
        return into;
    }

    /** The line in logfmt. */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(160).append(kind);
        for (Map.Entry<LogKey, Object> pair : pairs) {
            line.append(' ').append(pair.getKey().key()).append('=');
            Object value = pair.getValue();
            if (value == null) {
                line.append(UNKNOWN);
            } else {
                String text = text(value);
                if (isBare(text)) {
                    line.append(text);
                } else {
                    Quoting.quoted(line, text);
                }
            }
        }
        return line.toString();
    }

    private static String text(Object value) {
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    /** Whole numbers, decimals and booleans as themselves; anything else as its text. */
    private static Object jsonValue(Object value) {
        return value == null
                        || value instanceof Boolean
                        || value instanceof Integer
                        || value instanceof Long
                        || value instanceof Short
                        || value instanceof Byte
                        || value instanceof BigInteger
                        || value instanceof BigDecimal
                ? value
                : value.toString();
    }

    private static boolean isBare(String value) {
        if (value.isEmpty() || value.equals(UNKNOWN)) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c >= 127) {
                return false;
            }
        }
        return true;
    }

    /** A log record of a line: its message is the logfmt text, which the text format prints as it always has. */
    static final class Record extends LogRecord {

        private static final long serialVersionUID = 1L;

        private final transient LogLine line;

        Record(Level level, LogLine line, String loggerName) {
            super(level, line.toString());
            this.line = line;
            setLoggerName(loggerName);
            setSourceClassName(loggerName);
        }

        /** The line; null after a round trip through serialization, which leaves the text. */
        LogLine line() {
            return line;
        }
    }
}
