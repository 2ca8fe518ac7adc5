package dev.stripeoperator.receiver.forwarding;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import dev.stripeoperator.receiver.forwarding.TestSink.SinkAnswer;
import dev.stripeoperator.receiver.testing.RunningReceiver;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivery inside the real receiver ({@code serve}'s wiring): webhooks in, sink out, metrics at /observe/metrics.
 */
class ReceiverForwardingIT {

    private static final String SECRET = "whsec_receiver_delivery_it";
    private static final String ACCEPTED = "{\"received\":true,\"duplicate\":false}";

    private TestDatabase db;
    private TestSink sink;
    private RunningReceiver receiver;

    @BeforeEach
    void startDatabase() {
        db = TestDatabase.start();
    }

    @AfterEach
    void stopEverything() {
        // The sink first: it lets go of requests it holds, so the receiver's stop need not wait for their timeout.
        if (sink != null) {
            sink.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        db.close();
    }

    private void startReceiver(SinkAnswer answer, Map<String, String> settings) {
        sink = TestSink.start(request -> answer);
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.put("STRIPE_WEBHOOK_SECRET", SECRET);
        env.put("SINK_URL", sink.uri().toString());
        receiver = RunningReceiver.start(db, env);
    }

    private HttpResponse<String> webhook(String id) {
        String payload = TestEvents.event(id, "invoice.paid");
        return receiver.deliver(payload, StripeSigner.sign(payload, SECRET));
    }

    @Test
    void anAcknowledgedWebhookReachesTheSinkAndIsCounted() {
        startReceiver(SinkAnswer.status(200), Map.of());
        String id = TestEvents.newId();

        assertThat(webhook(id).statusCode()).isEqualTo(200);

        await().until(() -> db.status(id).orElseThrow().equals("delivered"));
        assertThat(sink.received()).singleElement().satisfies(request -> {
            assertThat(request.eventId()).isEqualTo(id);
            assertThat(request.header("Stripe-Event-Type")).isEqualTo("invoice.paid");
            assertThat(request.header("Idempotency-Key")).isEqualTo(id);
            assertThat(request.body()).contains("\"id\": \"" + id + "\"");
        });
        // The worker counts after it recorded the outcome.
        await().untilAsserted(() -> assertThat(receiver.get("/observe/metrics").body())
                .contains("stripe_forwarding_attempts_total{outcome=\"delivered\",scope=\"application\",} 1.0")
                .contains("stripe_forwarding_latency_seconds_count{scope=\"application\",} 1.0")
                .contains("stripe_forwarding_pending")
                .contains("stripe_forwarding_oldest_pending_age_seconds")
                .contains("stripe_forwarding_dead")
                .doesNotContain("stripe_delivery_"));
    }

    @Test
    void theSinkReceivesTheExactSignedBytesEvenOfAnEventJsonbRefuses() {
        startReceiver(SinkAnswer.status(200), Map.of());
        String id = TestEvents.newId();
        // Compact, odd key order and an escaped NUL: a re-serialisation or a jsonb round trip would show.
        String payload = "{\"type\":\"invoice.paid\",  \"object\":\"event\",\"id\":\"" + id + "\",\"livemode\":false,"
                + "\"created\":" + java.time.Instant.now().getEpochSecond()
                + ",\"data\":{\"object\":{\"note\":\"a\\u0000b\"}}}";

        assertThat(receiver.deliver(payload, StripeSigner.sign(payload, SECRET)).statusCode())
                .isEqualTo(200);

        await().until(() -> db.status(id).orElseThrow().equals("delivered"));
        assertThat(sink.received())
                .singleElement()
                .extracting(TestSink.Received::body)
                .isEqualTo(payload);
    }

    @Test
    void webhooksAreAcknowledgedAndStoredWhileTheSinkHangs() throws Exception {
        startReceiver(
                SinkAnswer.hanging(),
                Map.of("FORWARDING_CONCURRENCY", "2", "FORWARDING_TIMEOUT", "60s", "DATABASE_POOL_SIZE", "4"));
        List<String> first = List.of(TestEvents.newId(), TestEvents.newId());
        first.forEach(id -> assertThat(webhook(id).statusCode()).isEqualTo(200));
        await().until(() -> sink.received().size() == 2);

        List<String> more =
                IntStream.range(0, 40).mapToObj(n -> TestEvents.newId()).toList();
        List<HttpResponse<String>> answers;
        try (ExecutorService stripe = Executors.newFixedThreadPool(8)) {
            List<Future<HttpResponse<String>>> sent =
                    more.stream().map(id -> stripe.submit(() -> webhook(id))).toList();
            answers = sent.stream().map(ReceiverForwardingIT::get).toList();
        }

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(ACCEPTED);
        });
        assertThat(more).allSatisfy(id -> assertThat(db.status(id)).contains("pending"));
        assertThat(sink.received())
                .as("deliveries are still stuck on the first two events")
                .extracting(TestSink.Received::eventId)
                .containsExactlyInAnyOrderElementsOf(first);
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
