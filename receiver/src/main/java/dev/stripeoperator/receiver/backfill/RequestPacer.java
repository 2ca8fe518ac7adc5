package dev.stripeoperator.receiver.backfill;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces requests at least a fixed interval apart, so a run never uses more than its share of Stripe's rate limit.
 */
final class RequestPacer {

    /** Waits for the given number of nanoseconds. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextAllowed;
    private boolean first = true;

    RequestPacer(Duration interval, LongSupplier nanoTime, Sleeper sleeper) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** A pacer allowing this many requests per second, on the real clock. */
    static RequestPacer perSecond(int requests) {
        return new RequestPacer(
                Duration.ofSeconds(1).dividedBy(requests),
                System::nanoTime,
                nanos -> Thread.sleep(Duration.ofNanos(nanos)));
    }

    /** Returns when the next request may be sent. */
    synchronized void await() throws InterruptedException {
        long now = nanoTime.getAsLong();
        if (!first && now - nextAllowed < 0) {
            sleeper.sleep(nextAllowed - now);
            now = nextAllowed;
        }
        first = false;
        nextAllowed = now + intervalNanos;
    }
}
