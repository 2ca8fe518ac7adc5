package dev.stripeoperator.operator.endpoint;

import java.time.Duration;
import java.util.regex.Matcher;

/** Go-style durations as used in the spec (`24h`, `90m`, `1h30m`, `45s`). */
public final class Durations {

    /** The schema pattern: one or more number-unit pairs, units h, m, s. */
    public static final String PATTERN = "^([0-9]+(h|m|s))+$";

    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("([0-9]+)(h|m|s)");

    private Durations() {
    }

    /** Parses a duration the schema admitted; throws IllegalArgumentException otherwise. */
    public static Duration parse(String text) {
        if (text == null || !text.matches(PATTERN)) {
            throw new IllegalArgumentException("not a duration like 24h, 90m or 1h30m: " + text);
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
        }
        return total;
    }
}
