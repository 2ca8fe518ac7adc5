package dev.stripeoperator.receiver.forwarding;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: base, 2×base, 4×base … capped at max, each spread by ±20 %.
 */
public record Backoff(Duration base, Duration max, RandomGenerator random) {

    /** Spread so that events failing together (a sink outage) do not all come back in the same instant. */
    static final double JITTER = 0.2;

    /** How long to wait after the given number of failed attempts (1 after the first failure). */
    public Duration delayAfter(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 40);
        double nominal = Math.min(base.toMillis() * Math.pow(2, doublings), max.toMillis());
        double spread = 1 + JITTER * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.round(nominal * spread));
    }
}
