package dev.stripeoperator.contract;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One log line of the operator or the receiver: a kind ({@code delivery}, {@code forwarding}, {@code backfill}, ...)
 * then {@code key=value} pairs of the {@link LogKey} set, in logfmt. A value is written bare when it has no blank,
 * quote, equals sign, backslash or non-ASCII character, and otherwise quoted as the summary JSON quotes strings
 * ({@link Quoting}), so that a value never ends a line or a pair early. An unknown value (null) is {@code -}; a value
 * that is literally {@code -} is quoted.
 */
public final class LogLine {

    private static final Pattern KIND = Pattern.compile("[a-z][a-z_]*");
    private static final String UNKNOWN = "-";

    private final StringBuilder line = new StringBuilder(160);

    private LogLine(String kind) {
        line.append(kind);
    }

    /** A line of this kind, a lower-case word. */
    public static LogLine of(String kind) {
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("a log line's kind is a lower-case word: " + kind);
        }
        return new LogLine(kind);
    }

    /** Adds {@code key=value}; null is written {@code -}. */
    public LogLine with(LogKey key, Object value) {
        line.append(' ').append(key.key()).append('=');
        if (value == null) {
            line.append(UNKNOWN);
        } else {
            String text = value.toString();
            if (isBare(text)) {
                line.append(text);
            } else {
                Quoting.quoted(line, text);
            }
        }
        return this;
    }

    /** Adds {@code latency_ms} from nanoseconds, with two decimals. */
    public LogLine latency(long elapsedNanos) {
        return with(LogKey.LATENCY_MS, String.format(Locale.ROOT, "%.2f", elapsedNanos / 1_000_000.0));
    }

    @Override
    public String toString() {
        return line.toString();
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
}
