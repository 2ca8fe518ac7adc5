package dev.stripeoperator.receiver.observe;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * Liveness: every thread that acknowledges or records work is making progress. A writer that died or hangs leaves
 * work waiting; past the limit this check fails, so that Kubernetes restarts the pod instead of leaving it answering
 * 503 for ever. Reads only in-memory figures: it answers at once whatever the database does.
 */
public final class ProgressHealthCheck implements HealthCheck {

    private final Duration limit;
    private final Map<String, Supplier<Duration>> stalls;

    /**
     * @param limit how long work may wait on one writer before the receiver counts as stuck
     * @param stalls each writer by name, with how long its oldest work has waited
     */
    public ProgressHealthCheck(Duration limit, Map<String, Supplier<Duration>> stalls) {
        this.limit = limit;
        this.stalls = Map.copyOf(stalls);
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.LIVENESS;
    }

    @Override
    public String name() {
        return "writers";
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(true);
        stalls.forEach((writer, stalled) -> {
            Duration waited = stalled.get();
            if (waited.compareTo(limit) > 0) {
                response.status(false).detail(writer, "no progress for " + waited.toSeconds() + " s with work waiting");
            }
        });
        return response.build();
    }
}
