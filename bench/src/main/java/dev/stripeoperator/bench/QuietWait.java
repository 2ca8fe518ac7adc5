package dev.stripeoperator.bench;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Before each part of a round: measures the machine's load and, while other work keeps more than a few tenths of a
 * core busy, measures again, for a bounded time. Other work on the shared cores would be charged to whichever
 * receiver it overlapped, and one receiver would be compared on a busier machine than the other.
 */
final class QuietWait {

    /** One measurement of the machine, taking a few seconds. */
    @FunctionalInterface
    interface Meter {
        MachineLoad measure() throws InterruptedException;
    }

    private final double maxOthersCores;
    private final Duration patience;
    private final Meter meter;
    private final LongSupplier nanoTime;

    QuietWait(double maxOthersCores, Duration patience, Meter meter, LongSupplier nanoTime) {
        this.maxOthersCores = maxOthersCores;
        this.patience = patience;
        this.meter = meter;
        this.nanoTime = nanoTime;
    }

    /** Returns at the first quiet measurement, or with the last busy one once {@code patience} has passed. */
    LoadCheck await(int round, String part) throws InterruptedException {
        long start = nanoTime.getAsLong();
        MachineLoad load = meter.measure();
        while (!load.quiet(maxOthersCores) && nanoTime.getAsLong() - start < patience.toNanos()) {
            load = meter.measure();
        }
        return new LoadCheck(
                round, part, load, maxOthersCores, load.quiet(maxOthersCores), (nanoTime.getAsLong() - start) / 1e9);
    }
}
