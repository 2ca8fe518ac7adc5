package dev.stripeoperator.receiver.forwarding;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
 */
final class RetryAfter {

    private RetryAfter() {}

    /** The delay the header asks for, measured from {@code now}; empty when absent or unreadable. */
    static Optional<Duration> parse(Optional<String> header, Instant now) {
        return header.map(String::trim).filter(value -> !value.isEmpty()).flatMap(value -> {
            if (value.chars().allMatch(Character::isDigit)) {
                try {
                    return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
                } catch (NumberFormatException tooLarge) {
                    return Optional.empty();
                }
            }
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration delay = Duration.between(now, at);
                return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        });
    }
}
