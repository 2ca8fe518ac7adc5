package dev.stripeoperator.receiver.observe;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.helidon.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Liveness follows the writers: alive while work moves, not alive once work waits on one past the limit. */
class ProgressHealthCheckTest {

    @Test
    void aliveWhileEveryWritersWorkMovesWithinTheLimit() {
        ProgressHealthCheck check = new ProgressHealthCheck(
                Duration.ofSeconds(60),
                Map.of("event-writer", () -> Duration.ofSeconds(59), "forwarding-outcomes", () -> Duration.ZERO));

        assertThat(check.call().status()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void notAliveOnceWorkHasWaitedOnAWriterPastTheLimitAndAliveAgainWhenItMoves() {
        AtomicReference<Duration> stalled = new AtomicReference<>(Duration.ofSeconds(61));
        ProgressHealthCheck check = new ProgressHealthCheck(
                Duration.ofSeconds(60),
                Map.of("event-writer", stalled::get, "forwarding-outcomes", () -> Duration.ZERO));

        HealthCheckResponse stuck = check.call();
        assertThat(stuck.status()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(stuck.details())
                .containsOnlyKeys("event-writer")
                .containsEntry("event-writer", "no progress for 61 s with work waiting");

        stalled.set(Duration.ZERO);
        assertThat(check.call().status()).isEqualTo(HealthCheckResponse.Status.UP);
    }
}
