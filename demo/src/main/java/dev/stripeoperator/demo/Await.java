package dev.stripeoperator.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Bounded waits of the demo: each step that waits for the cluster says what it waited for when it gives up. */
final class Await {

    /** How long a scene waits for the cluster, unless it says otherwise. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private Await() {}

    /** The first non-null value of {@code probe} within a minute; a DemoFailure naming {@code what} after it. */
    static <T> T until(String what, Supplier<T> probe) {
        return until(what, WAIT, probe);
    }

    /** The first non-null value of {@code probe} within {@code timeout}; a DemoFailure naming {@code what} after it. */
    static <T> T until(String what, Duration timeout, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            pause(Duration.ofMillis(200));
        }
        throw new DemoFailure("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted");
        }
    }
}
