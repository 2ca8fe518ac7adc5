package dev.stripeoperator.receiver.webhook;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.receiver.testing.RunningReceiver;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Nothing is acknowledged that is not committed: a database outage answers 503, and recovery needs no restart. */
class DurabilityIT {

    private static final String SECRET = "whsec_durability";

    private TestDatabase db;
    private RunningReceiver receiver;

    @BeforeEach
    void start() {
        db = TestDatabase.start();
        receiver = RunningReceiver.start(db, Map.of("STRIPE_WEBHOOK_SECRET", SECRET));
    }

    @AfterEach
    void stop() {
        receiver.close();
        db.close();
    }

    @Test
    void databaseDownAnswers503ThenTheSameDeliverySucceedsOnceItIsBack() {
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "invoice.paid");
        assertThat(deliver(TestEvents.event(TestEvents.newId(), "invoice.paid")).statusCode())
                .isEqualTo(200);

        db.stop();
        HttpResponse<String> down = deliver(payload);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
        assertThat(down.body()).isEqualTo("{\"error\":\"database unavailable, retry later\"}");
        assertThat(receiver.get(ReceiverImage.READINESS_PATH).statusCode()).isEqualTo(503);

        db.restart();

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> deliver(payload).statusCode() == 200);
        assertThat(db.count(id)).isEqualTo(1);
        assertThat(receiver.get(ReceiverImage.READINESS_PATH).statusCode()).isEqualTo(200);
    }

    @Test
    void answersWhileTheDatabaseIsDownAreNever200() throws Exception {
        db.stop();

        for (int i = 0; i < 5; i++) {
            String payload = TestEvents.event(TestEvents.newId(), "invoice.paid");
            assertThat(deliver(payload).statusCode()).isEqualTo(503);
        }
        String metrics = receiver.get("/observe/metrics").body();
        assertThat(metrics)
                .containsPattern(
                        "stripe_webhook_deliveries_total\\{[^}]*outcome=\"unavailable\"[^}]*reason=\"database_unavailable\"[^}]*} 5");
        db.restart();
    }

    @Test
    void startsWhileTheDatabaseIsDownAnswering503ThenMigratesAndAcceptsOnceItIsUp() {
        receiver.close();
        db.stop();
        receiver = RunningReceiver.startWithoutWaiting(db, Map.of("STRIPE_WEBHOOK_SECRET", SECRET));
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "invoice.paid");

        HttpResponse<String> down = deliver(payload);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
        assertThat(receiver.get(ReceiverImage.READINESS_PATH).statusCode()).isEqualTo(503);
        assertThat(receiver.get(ReceiverImage.LIVENESS_PATH).statusCode())
                .as("alive: nothing is stuck")
                .isEqualTo(200);

        db.restart();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> receiver.get(ReceiverImage.READINESS_PATH).statusCode() == 200);
        assertThat(deliver(payload).statusCode()).isEqualTo(200);
        assertThat(db.count(id)).isEqualTo(1);
    }

    private HttpResponse<String> deliver(String payload) {
        return receiver.deliver(payload, StripeSigner.sign(payload, SECRET));
    }
}
