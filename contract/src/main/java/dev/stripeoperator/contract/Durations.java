package dev.stripeoperator.contract;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Kubernetes manifests write them ({@code 45s}, {@code 90m}, {@code 26h}, {@code 1h30m}): the CRD's
 * fields and the receiver's settings take the same text.
 */
public final class Durations {

    /** One or more number-unit pairs, units {@code h}, {@code m}, {@code s}; the CRD's schema pattern. */
    public static final String PATTERN = "^([0-9]+(h|m|s))+$";
    /** The longest duration a field takes, a year: far from what instant arithmetic can overflow. */
    public static final String LONGEST = "8760h";
    /** {@link #LONGEST} in the CRD's rules: each duration field {@code f} has {@code duration(self.f) <= } this. */
    public static final String LONGEST_CEL = "duration('" + LONGEST + "')";
    /** What the API server answers when a duration field is longer. */
    public static final String WITHIN_LONGEST_MESSAGE = "must be at most " + LONGEST + " (a year)";

    private static final Pattern WHOLE = Pattern.compile(PATTERN);
    private static final Pattern PART = Pattern.compile("([0-9]+)([hms])");

    private Durations() {}

    /**
     * The duration the text names.
     *
     * @throws IllegalArgumentException when the text does not match {@link #PATTERN} or is too long to represent
     */
    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("not a duration such as 45s, 90m, 26h or 1h30m: '" + text + "'");
        }
        try {
            Duration total = Duration.ZERO;
            Matcher part = PART.matcher(text);
            while (part.find()) {
                long amount = Long.parseLong(part.group(1));
                total = total.plus(
                        switch (part.group(2)) {
                            case "h" -> Duration.ofHours(amount);
                            case "m" -> Duration.ofMinutes(amount);
                            default -> Duration.ofSeconds(amount);
                        });
            }
            return total;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("duration too long: '" + text + "'", e);
        }
    }
}
