package dev.stripeoperator.receiver.forwarding;

import java.time.Duration;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private static final ForwardingConfig DEFAULTS = ForwardingConfig.fromEnvironment(java.util.Map.of());

    /** Backoff whose random source always answers the same, to pin the jitter. */
    private static Backoff backoff(double random) {
        return new Backoff(DEFAULTS.backoffBase(), DEFAULTS.backoffMax(), new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return random;
            }
        });
    }

    @Test
    void delaysDoubleFromTheBaseUntilTheCap() {
        Backoff middle = backoff(0.5);

        assertThat(middle.delayAfter(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(middle.delayAfter(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(middle.delayAfter(5)).isEqualTo(Duration.ofMinutes(16));
        assertThat(middle.delayAfter(10)).isEqualTo(Duration.ofHours(8));
        assertThat(middle.delayAfter(1_000)).isEqualTo(Duration.ofHours(8));
    }

    @Test
    void defaultAttemptsSpanAboutADay() {
        Backoff middle = backoff(0.5);

        Duration total = IntStream.range(1, DEFAULTS.maxAttempts())
                .mapToObj(middle::delayAfter)
                .reduce(Duration.ZERO, Duration::plus);

        assertThat(DEFAULTS.maxAttempts()).isEqualTo(12);
        assertThat(total).isBetween(Duration.ofHours(20), Duration.ofHours(28));
    }

    @Test
    void jitterSpreadsEachDelayByAFifthEitherWay() {
        assertThat(backoff(0.0).delayAfter(1)).isEqualTo(Duration.ofSeconds(48));
        assertThat(backoff(0.999_999).delayAfter(1)).isBetween(Duration.ofSeconds(71), Duration.ofSeconds(72));
        assertThat(backoff(0.0).delayAfter(100)).isEqualTo(Duration.ofMinutes(384));
    }
}
