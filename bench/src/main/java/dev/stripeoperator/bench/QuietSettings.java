package dev.stripeoperator.bench;

import java.time.Duration;
import java.util.Map;

/**
 * When the machine counts as quiet enough to measure on, read from the environment.
 *
 * @param maxOthersCores the most cores that work other than the benchmark's may keep busy
 * @param patience       how long to wait for a busy machine to quiet down before giving up
 * @param window         how long one measurement of the machine takes
 */
record QuietSettings(double maxOthersCores, Duration patience, Duration window) {

    /** Reads {@code BENCH_MAX_BUSY_CORES}, {@code BENCH_QUIET_WAIT} and {@code BENCH_LOAD_SAMPLE} (seconds). */
    static QuietSettings fromEnvironment(Map<String, String> env) {
        double maxOthersCores = BenchSettings.value(env, "BENCH_MAX_BUSY_CORES")
                .map(raw -> {
                    try {
                        return Double.parseDouble(raw);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("BENCH_MAX_BUSY_CORES must be a number, got '" + raw + "'");
                    }
                })
                .orElse(0.3);
        if (!(maxOthersCores >= 0)) {
            throw new IllegalArgumentException("BENCH_MAX_BUSY_CORES must not be negative, got " + maxOthersCores);
        }
        return new QuietSettings(
                maxOthersCores,
                Duration.ofSeconds(BenchSettings.positive(env, "BENCH_QUIET_WAIT", 60)),
                Duration.ofSeconds(BenchSettings.positive(env, "BENCH_LOAD_SAMPLE", 3)));
    }
}
