package dev.stripeoperator.contract;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed reads of settings from an environment map, read once at start; every error is a {@link SettingException}
 * naming the variable. A blank value counts as unset.
 */
public final class Settings {

    /** How a setting's list of entries is written: comma-separated, surrounding blanks ignored. */
    private static final String LIST_SEPARATOR = ",";

    private final Map<String, String> env;

    /** Settings read from {@code env}, such as {@code System.getenv()}. */
    public Settings(Map<String, String> env) {
        this.env = env;
    }

    /** A list setting's value, as the reading side splits it. */
    public static String joined(Collection<String> entries) {
        return String.join(LIST_SEPARATOR, entries);
    }

    /** The trimmed value; empty when unset or blank. */
    public Optional<String> text(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The trimmed value, or {@code fallback} when unset or blank. */
    public String text(String name, String fallback) {
        return text(name).orElse(fallback);
    }

    /** A whole number within {@code [min, max]}. */
    public long number(String name, long fallback, long min, long max) {
        Optional<String> raw = text(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw SettingException.invalid(name, "a whole number", raw.get());
        }
        if (value < min || value > max) {
            throw SettingException.invalid(name, "between " + min + " and " + max, raw.get());
        }
        return value;
    }

    /** A whole number within {@code [min, max]}, which must fit an int. */
    public int integer(String name, int fallback, int min, int max) {
        return (int) number(name, fallback, min, max);
    }

    /** {@code true} or {@code false} in any case; empty when unset. */
    public Optional<Boolean> bool(String name) {
        return text(name).map(raw -> switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw SettingException.invalid(name, "true or false", raw);
        });
    }

    /** {@code true} or {@code false}, or {@code fallback} when unset. */
    public boolean bool(String name, boolean fallback) {
        return bool(name).orElse(fallback);
    }

    /** The entries of a comma list, blanks dropped; {@code fallback} when unset, an error when it names none. */
    public List<String> list(String name, List<String> fallback) {
        Optional<String> raw = text(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        List<String> entries = Arrays.stream(raw.get().split(LIST_SEPARATOR))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .toList();
        if (entries.isEmpty()) {
            throw SettingException.invalid(name, "a comma list of at least one entry", raw.get());
        }
        return entries;
    }

    /** One of the allowed values, exactly as written there. */
    public String oneOf(String name, String fallback, Set<String> allowed) {
        String value = text(name, fallback);
        if (!allowed.contains(value)) {
            throw SettingException.invalid(
                    name, "one of " + allowed.stream().sorted().toList(), value);
        }
        return value;
    }

    /** A plain absolute URL path ({@link PlainPath}). */
    public String path(String name, String fallback) {
        String value = text(name, fallback);
        if (!PlainPath.isPlain(value)) {
            throw SettingException.invalid(name, PlainPath.DESCRIPTION, value);
        }
        return value;
    }

    /** An absolute http(s) URL with a host; a malformed one is not echoed, as URLs may carry credentials. */
    public Optional<URI> url(String name) {
        return text(name).map(raw -> {
            try {
                URI uri = URI.create(raw);
                if (uri.getScheme() != null && uri.getScheme().matches("https?") && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException e) {
                // Reported below, without the value.
            }
            throw SettingException.invalidWithoutValue(name, "an absolute http(s) URL with a host");
        });
    }

    /** A positive duration in the Kubernetes form ({@link Durations}). */
    public Duration duration(String name, Duration fallback) {
        Optional<String> raw = text(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            Duration value = Durations.parse(raw.get());
            if (!value.isZero()) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // Reported below.
        }
        throw SettingException.invalid(name, "a positive duration such as 45s, 90m, 26h or 1h30m", raw.get());
    }
}
