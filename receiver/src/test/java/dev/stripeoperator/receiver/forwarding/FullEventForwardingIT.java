package dev.stripeoperator.receiver.forwarding;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.backfill.StripeEventJson;
import dev.stripeoperator.receiver.backfill.StripeEventsApi;
import dev.stripeoperator.receiver.deadletters.ActionCommand;
import dev.stripeoperator.receiver.forwarding.TestSink.SinkAnswer;
import dev.stripeoperator.receiver.store.Database;
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
 * stand-in of {@code /v2/core/events/{id}}), a connected account's from that account ({@code Stripe-Context}), also
 * when replayed; when the fetch fails, nothing is sent and the attempt is retried.
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
    void aThinEventReachesTheSinkAsTheFullEventFetchedFromItsConnectedAccount() {
        String id = TestEvents.newId();
        JsonObject full = StripeEventJson.v2Event(id, METER_ERROR, Instant.now(), false, TestEvents.CONNECTED_ACCOUNT);
        stripe.addV2(full);

        deliver(TestEvents.thinEvent(id, METER_ERROR, false));

        await().until(() -> !sink.received(id).isEmpty());
        TestSink.Received request = sink.received(id).getFirst();
        assertThat(JsonParser.parseString(request.body())).isEqualTo(full);
        assertThat(request.body()).contains("developer_message_summary");
        assertThat(request.header("Stripe-Event-Type")).isEqualTo(METER_ERROR);
        assertThat(fetchesOf(id))
                .as("asked for in the account the thin event names")
                .singleElement()
                .extracting(StripeEventsApi.Request::context)
                .isEqualTo(TestEvents.CONNECTED_ACCOUNT);
        assertThat(db.body(id))
                .as("the notification stays stored as delivered")
                .hasValueSatisfying(body -> assertThat(body).doesNotContain("developer_message_summary"));
    }

    @Test
    void aThinEventOfTheAccountItselfIsFetchedWithoutAContext() {
        String id = TestEvents.newId();
        JsonObject full = StripeEventJson.v2Event(id, METER_ERROR, Instant.now(), false);
        stripe.addV2(full);

        deliver(TestEvents.thinEvent(id, METER_ERROR, false, null));

        await().until(() -> !sink.received(id).isEmpty());
        assertThat(JsonParser.parseString(sink.received(id).getFirst().body())).isEqualTo(full);
        assertThat(fetchesOf(id))
                .singleElement()
                .extracting(StripeEventsApi.Request::context)
                .isNull();
    }

    @Test
    void aDeadThinEventOfAConnectedAccountIsReplayedAndFetchedFromThatAccount() {
        String endpoint = "payments/replayed";
        try (RunningReceiver once = RunningReceiver.start(
                db, settings(Map.of("ENDPOINT_NAME", endpoint, "FORWARDING_MAX_ATTEMPTS", "1")))) {
            String id = TestEvents.newId();
            String payload = TestEvents.thinEvent(id, METER_ERROR, false);
            assertThat(once.deliver(payload, StripeSigner.sign(payload, SECRET)).statusCode())
                    .isEqualTo(200);
            // Stripe does not have it yet: the one attempt fails and the event is a dead letter.
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> db.status(id).orElseThrow().equals("dead"));
            stripe.addV2(StripeEventJson.v2Event(id, METER_ERROR, Instant.now(), false, TestEvents.CONNECTED_ACCOUNT));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = new ActionCommand(
                            ReceiverCommand.REPLAY,
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            System.err,
                            Database::open,
                            Database::openReadOnly,
                            Clock.systemUTC(),
                            "tester")
                    .run(
                            List.of("--id", id, "--reason", "fetched in its account now"),
                            ReceiverConfig.fromEnvironment(
                                    Map.of("DATABASE_URL", db.jdbcUrl(), "ENDPOINT_NAME", endpoint)));

            assertThat(exit).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("replayed " + id);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !sink.received(id).isEmpty());
            assertThat(sink.received(id).getFirst().body()).contains("developer_message_summary");
            assertThat(fetchesOf(id))
                    .as("the first attempt and the replayed one, each in the connected account")
                    .hasSize(2)
                    .extracting(StripeEventsApi.Request::context)
                    .containsOnly(TestEvents.CONNECTED_ACCOUNT);
        }
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
                        .contains("account " + TestEvents.CONNECTED_ACCOUNT)
                        .doesNotContain(API_KEY));
        assertThat(sink.received(id)).isEmpty();

        // Once Stripe has it, the next attempt sends it.
        stripe.addV2(StripeEventJson.v2Event(id, METER_ERROR, Instant.now(), false, TestEvents.CONNECTED_ACCOUNT));
        await().atMost(Duration.ofSeconds(20)).until(() -> !sink.received(id).isEmpty());
        assertThat(sink.received(id).getFirst().body()).contains("developer_message_summary");
    }

    /** The API's requests for this event's full form. */
    private List<StripeEventsApi.Request> fetchesOf(String id) {
        return stripe.calls().stream()
                .filter(request -> request.path().equals("/v2/core/events/" + id))
                .toList();
    }

    @Test
    void fetchingWithoutAnApiKeyIsASettingError() {
        ForwardingConfig config = ForwardingConfig.fromEnvironment(
                Map.of("FORWARDING_FETCH_FULL_EVENT", "true", "FORWARDING_TIMEOUT", "5s", "FORWARDING_LEASE", "15s"));

        assertThatThrownBy(() -> ForwardingOptions.open(ReceiverConfig.fromEnvironment(Map.of()), config))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("FORWARDING_FETCH_FULL_EVENT needs a Stripe API key");
    }
}
