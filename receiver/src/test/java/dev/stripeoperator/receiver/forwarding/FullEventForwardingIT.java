package dev.stripeoperator.receiver.forwarding;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.backfill.StripeEventJson;
import dev.stripeoperator.receiver.backfill.StripeEventsApi;
import dev.stripeoperator.receiver.forwarding.TestSink.SinkAnswer;
import dev.stripeoperator.receiver.testing.RunningReceiver;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code FORWARDING_FETCH_FULL_EVENT}: a thin event reaches the sink as the full event fetched from Stripe's API (the
 * stand-in of {@code /v2/core/events/{id}}); when the fetch fails, nothing is sent and the attempt is retried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FullEventForwardingIT {

    private static final String SECRET = "whsec_full_event_it";
    private static final String API_KEY = "sk_test_51FullEventFetchKey";
    private static final String METER_ERROR = "v1.billing.meter.error_report_triggered";

    private TestDatabase db;
    private TestSink sink;
    private StripeEventsApi stripe;
    private RunningReceiver receiver;

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.start();
        sink = TestSink.start(request -> SinkAnswer.status(200));
        stripe = StripeEventsApi.start(API_KEY);
        receiver = RunningReceiver.start(db, settings(Map.of()));
    }

    private Map<String, String> settings(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                "STRIPE_WEBHOOK_SECRET",
                SECRET,
                "SINK_URL",
                sink.uri().toString(),
                "FORWARDING_FETCH_FULL_EVENT",
                "true",
                "STRIPE_API_KEY",
                API_KEY,
                "STRIPE_API_BASE",
                stripe.baseUrl(),
                "FORWARDING_BACKOFF_BASE",
                "1s",
                "FORWARDING_BACKOFF_MAX",
                "2s"));
        env.putAll(overrides);
        return env;
    }

    @AfterAll
    void stop() {
        sink.close();
        receiver.close();
        stripe.close();
        db.close();
    }

    private void deliver(String payload) {
        assertThat(receiver.deliver(payload, StripeSigner.sign(payload, SECRET)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aThinEventReachesTheSinkAsTheFullEventFromTheApi() {
        String id = TestEvents.newId();
        JsonObject full = StripeEventJson.v2Event(id, METER_ERROR, Instant.now(), false);
        stripe.addV2(full);

        deliver(TestEvents.thinEvent(id, METER_ERROR, false));

        await().until(() -> !sink.received(id).isEmpty());
        TestSink.Received request = sink.received(id).getFirst();
        assertThat(JsonParser.parseString(request.body())).isEqualTo(full);
        assertThat(request.body()).contains("developer_message_summary");
        assertThat(request.header("Stripe-Event-Type")).isEqualTo(METER_ERROR);
        assertThat(stripe.requestedPaths()).contains("/v2/core/events/" + id);
        assertThat(db.body(id))
                .as("the notification stays stored as delivered")
                .hasValueSatisfying(body -> assertThat(body).doesNotContain("developer_message_summary"));
    }

    @Test
    void aSnapshotEventIsSentAsReceivedWithoutAskingTheApi() {
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "invoice.paid");

        deliver(payload);

        await().until(() -> !sink.received(id).isEmpty());
        assertThat(sink.received(id).getFirst().body()).isEqualTo(payload);
        assertThat(stripe.requestedPaths()).noneMatch(path -> path.endsWith(id));
    }

    @Test
    void whenTheFullEventCannotBeFetchedNothingIsSentAndTheAttemptIsRetried() {
        String id = TestEvents.newId();

        deliver(TestEvents.thinEvent(id, METER_ERROR, false));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> db.column(id, "attempts").map(Integer::parseInt).orElse(0) >= 2);
        assertThat(db.status(id))
                .hasValueSatisfying(status -> assertThat(status).isIn("failed", "pending"));
        assertThat(db.column(id, "last_error"))
                .hasValueSatisfying(error -> assertThat(error)
                        .contains("cannot fetch the full event from Stripe (HTTP 404")
                        .doesNotContain(API_KEY));
        assertThat(sink.received(id)).isEmpty();

        // Once Stripe has it, the next attempt sends it.
        stripe.addV2(StripeEventJson.v2Event(id, METER_ERROR, Instant.now(), false));
        await().atMost(Duration.ofSeconds(20)).until(() -> !sink.received(id).isEmpty());
        assertThat(sink.received(id).getFirst().body()).contains("developer_message_summary");
    }

    @Test
    void fetchingWithoutAnApiKeyIsASettingError() {
        ReceiverConfig config = ReceiverConfig.fromEnvironment(Map.of("FORWARDING_FETCH_FULL_EVENT", "true"));

        assertThatThrownBy(() -> ForwardingOptions.open(config, Duration.ofSeconds(5)))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("FORWARDING_FETCH_FULL_EVENT needs a Stripe API key");
    }
}
