package dev.stripeoperator.receiver.forwarding;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-23T18:00:00Z");

    @Test
    void secondsAreADelay() {
        assertThat(RetryAfter.parse(Optional.of("120"), NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(Optional.of(" 0 "), NOW)).contains(Duration.ZERO);
    }

    @Test
    void anHttpDateIsTheTimeToWaitFor() {
        assertThat(RetryAfter.parse(Optional.of("Mon, 23 Nov 2026 18:05:00 GMT"), NOW))
                .contains(Duration.ofMinutes(5));
    }

    @Test
    void aDateInThePastMeansNow() {
        assertThat(RetryAfter.parse(Optional.of("Mon, 23 Nov 2026 17:00:00 GMT"), NOW))
                .contains(Duration.ZERO);
    }

    @Test
    void missingOrUnreadableValuesAreIgnored() {
        assertThat(RetryAfter.parse(Optional.empty(), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of(""), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("soon"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("-5"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("99999999999999999999999"), NOW))
                .isEmpty();
    }
}
