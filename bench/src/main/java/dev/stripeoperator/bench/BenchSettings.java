package dev.stripeoperator.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_WEBHOOK_SECRET;

/**
 * The load's parameters, read once from the environment; both receivers get the same ones.
 *
 * @param events       distinct events sent in the measured closed-loop phase
 * @param warmupEvents distinct events sent first at the same concurrency, not measured (JIT, pools)
 * @param concurrency  requests in flight in the closed-loop phases
 * @param openLoopSettle how long the fixed-rate phase runs before its latencies count
 * @param openLoop     how long the fixed-rate phase at half of the measured peak is measured
 * @param timeout      per-request timeout; a request that takes longer counts as an error
 * @param runId        makes event ids of this run distinct from any earlier run's
 * @param secret       the signing secret both receivers are configured with
 */
record BenchSettings(
        int events,
        int warmupEvents,
        int concurrency,
        Duration openLoopSettle,
        Duration openLoop,
        Duration timeout,
        String runId,
        String secret) {

    /** Reads {@code BENCH_*} and {@code STRIPE_WEBHOOK_SECRET}. */
    static BenchSettings fromEnvironment(Map<String, String> env) {
        return new BenchSettings(
                positive(env, "BENCH_EVENTS", 60_000),
                positive(env, "BENCH_WARMUP", 60_000),
                positive(env, "BENCH_CONCURRENCY", 64),
                Duration.ofSeconds(positive(env, "BENCH_SETTLE", 3)),
                Duration.ofSeconds(positive(env, "BENCH_DURATION", 20)),
                Duration.ofSeconds(positive(env, "BENCH_TIMEOUT_SECONDS", 10)),
                value(env, "BENCH_RUN_ID")
                        .orElseGet(() -> Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36)),
                // The receiver's own setting: bench/run.sh gives both the same secret.
                value(env, STRIPE_WEBHOOK_SECRET.name())
                        .orElseThrow(() -> new IllegalArgumentException(STRIPE_WEBHOOK_SECRET + " is not set")));
    }

    static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    static int positive(Map<String, String> env, String name, int defaultValue) {
        return value(env, name)
                .map(raw -> {
                    try {
                        int parsed = Integer.parseInt(raw);
                        if (parsed <= 0) {
                            throw new IllegalArgumentException(name + " must be positive, got " + raw);
                        }
                        return parsed;
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(name + " must be a whole number, got '" + raw + "'");
                    }
                })
                .orElse(defaultValue);
    }
}
