package dev.stripeoperator.receiver.webhook;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.stripeoperator.receiver.testing.RunningReceiver;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** An exposed endpoint gets its own path (the operator sets WEBHOOK_PATH to the Ingress path); only that path takes deliveries. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookPathIT {

    private static final String SECRET = "whsec_webhook_path_it";
    private static final String PATH = "/webhooks/stripe/payments/billing";

    private TestDatabase db;
    private RunningReceiver receiver;

    @BeforeAll
    void start() {
        db = TestDatabase.start();
        receiver = RunningReceiver.start(db, Map.of("STRIPE_WEBHOOK_SECRET", SECRET, "WEBHOOK_PATH", PATH));
    }

    @AfterAll
    void stop() {
        receiver.close();
        db.close();
    }

    @Test
    void theConfiguredPathTakesDeliveries() {
        String id = TestEvents.newId();

        HttpResponse<String> answer = post(PATH, TestEvents.event(id, "invoice.paid"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(db.count(id)).isEqualTo(1);
    }

    @Test
    void theDefaultPathIsNotFound() {
        String id = TestEvents.newId();

        HttpResponse<String> answer = post(RunningReceiver.PATH, TestEvents.event(id, "invoice.paid"));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(db.count(id)).isZero();
    }

    private HttpResponse<String> post(String path, String payload) {
        return receiver.send(receiver.request(path)
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", StripeSigner.sign(payload, SECRET))
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build());
    }
}
