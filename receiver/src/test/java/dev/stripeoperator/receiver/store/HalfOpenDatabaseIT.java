package dev.stripeoperator.receiver.store;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.testing.LoopbackRelay;
import dev.stripeoperator.receiver.testing.RunningReceiver;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A database connection that goes half-open (the primary failed over and never answers again, the socket stays
 * open) fails the commit in hand after the socket timeout instead of hanging the writer for ever, and readiness
 * still answers within its probe's timeout.
 */
class HalfOpenDatabaseIT {

    @Test
    void aWriterStuckOnAHalfOpenConnectionGivesUpAndMovesOn() throws Exception {
        try (TestDatabase db = TestDatabase.start();
                LoopbackRelay proxy = LoopbackRelay.start(db.port());
                Database database = Database.open(ReceiverConfig.fromEnvironment(Map.of(
                        "DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres?user=postgres")));
                GroupCommit groupCommit = new GroupCommit(
                        new EventTable(database.dataSource()),
                        new GroupCommit.Limits(64, 100, Long.MAX_VALUE),
                        () -> true,
                        n -> {})) {
            assertThat(groupCommit.store(event(), Duration.ofSeconds(10)))
                    .as("stored through the relay")
                    .isTrue();

            proxy.freeze();
            long frozenAt = System.nanoTime();
            CompletableFuture<Boolean> stuck = groupCommit.submit(event());

            assertThatThrownBy(() -> stuck.get(Database.SOCKET_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - frozenAt))
                    .as("given up after the socket timeout, not before the statement could answer")
                    .isGreaterThanOrEqualTo(Database.SOCKET_TIMEOUT.minusSeconds(1));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> groupCommit.stalledFor().isZero());
            // The writer is free: the next delivery is answered (503: no connection can be made) within the pool's
            // wait.
            long next = System.nanoTime();
            assertThatThrownBy(() -> groupCommit.store(event(), Duration.ofSeconds(10)))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - next)).isLessThan(Duration.ofSeconds(9));
        }
    }

    @Test
    void readinessAnswersWithinTheProbeTimeoutWhenTheDatabaseStopsAnswering() {
        try (TestDatabase db = TestDatabase.start();
                LoopbackRelay network = LoopbackRelay.start(db.port());
                RunningReceiver receiver = RunningReceiver.start(
                        db,
                        Map.of(
                                "STRIPE_WEBHOOK_SECRET",
                                "whsec_half_open",
                                "DATABASE_URL",
                                "jdbc:postgresql://127.0.0.1:" + network.port() + "/postgres?user=postgres"))) {
            network.freeze();
            long asked = System.nanoTime();

            HttpResponse<String> ready = receiver.get(ReceiverImage.READINESS_PATH);

            assertThat(ready.statusCode()).isEqualTo(503);
            // An answer after the probe's timeout would count as a probe failure, not as "not ready".
            assertThat(Duration.ofNanos(System.nanoTime() - asked))
                    .isLessThan(Duration.ofSeconds(ReceiverImage.READINESS_TIMEOUT_SECONDS));
            assertThat(receiver.get(ReceiverImage.LIVENESS_PATH).statusCode()).isEqualTo(200);
        }
    }

    private static NewEvent event() {
        String id = TestEvents.newId();
        return new NewEvent(
                "payments/billing",
                id,
                "invoice.paid",
                false,
                null,
                Instant.now(),
                TestEvents.event(id, "invoice.paid"),
                NewEvent.Source.WEBHOOK,
                NewEvent.Status.PENDING);
    }
}
