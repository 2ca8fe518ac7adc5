package dev.stripeoperator.bench;

import java.util.Arrays;

/**
 * Percentiles of the acknowledgement latencies of one phase, in milliseconds.
 */
record Latencies(double p50, double p90, double p99, double max, double mean) {

    /** Summarizes the latencies (nanoseconds) of the requests that were acknowledged with 200. */
    static Latencies of(long[] nanos, int[] status) {
        long[] acked = new long[nanos.length];
        int n = 0;
        for (int i = 0; i < nanos.length; i++) {
            if (status[i] == 200) {
                acked[n++] = nanos[i];
            }
        }
        if (n == 0) {
            return new Latencies(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = Arrays.copyOf(acked, n);
        Arrays.sort(sorted);
        return new Latencies(
                ms(percentile(sorted, 0.50)),
                ms(percentile(sorted, 0.90)),
                ms(percentile(sorted, 0.99)),
                ms(sorted[n - 1]),
                ms((long) Arrays.stream(sorted).average().orElse(0)));
    }

    private static long percentile(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
