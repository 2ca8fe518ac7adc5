package dev.stripeoperator.receiver.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.stripeoperator.contract.LogfmtReader;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.receiver.EventFilter;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.ReceiverMain;
import dev.stripeoperator.receiver.observe.DeliveryLog;
import dev.stripeoperator.receiver.observe.ReceiverMetrics;
import dev.stripeoperator.receiver.store.EventStore;
import dev.stripeoperator.receiver.store.NewEvent;
import dev.stripeoperator.receiver.store.StoreUnavailableException;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestEvents;
import dev.stripeoperator.receiver.verify.SignatureVerifier;
import dev.stripeoperator.receiver.verify.SigningSecrets;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.metrics.api.Metrics;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every answer of the webhook path, in memory: the receiver's routing with its webhook service in front of a store
 * that does what each case needs. Socket-level cases (bodies that stall or outgrow their declared length) are in
 * WebhookIT and HostileClientsIT.
 */
@RoutingTest
class WebhookRoutingTest {

    private static final String SECRET = "whsec_routing_test";
    private static final String PATH = ReceiverImage.WEBHOOK_PATH;
    private static final int MAX_BODY = 128 * 1024;
    private static final String ACCEPTED = "{\"received\":true,\"duplicate\":false}";

    /** What the store does with the event of the case at hand. */
    private static final AtomicReference<EventStore> STORE = new AtomicReference<>();

    private static final AtomicBoolean DRAINING = new AtomicBoolean();

    private final DirectClient client;
    private final List<NewEvent> stored = new CopyOnWriteArrayList<>();
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Logger deliveryLog = Logger.getLogger("dev.stripeoperator.receiver.delivery");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logLines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    WebhookRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ReceiverConfig config = ReceiverConfig.fromEnvironment(Map.of("STRIPE_WEBHOOK_SECRET", SECRET));
        WebhookService webhook = new WebhookService(
                PATH,
                "payments/billing",
                MAX_BODY,
                new SignatureVerifier(SigningSecrets.open(config), 300, Clock.systemUTC()),
                new EventFilter(Optional.of(false), List.of("invoice.*", "v1.billing.meter.*")),
                event -> STORE.get().store(event),
                new ReceiverMetrics(Metrics.createMeterRegistry()),
                new DeliveryLog("payments/billing"),
                // Bodies over 64 KiB find the budget for large bodies spent.
                new BodyReader(Duration.ofSeconds(5), 1),
                DRAINING::get);
        ReceiverMain.routing(routing, webhook);
    }

    @BeforeEach
    void storeEverythingOnce() {
        DRAINING.set(false);
        STORE.set(event -> {
            boolean first = stored.stream().noneMatch(e -> e.id().equals(event.id()));
            stored.add(event);
            return first;
        });
        deliveryLog.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        deliveryLog.removeHandler(capture);
    }

    private Http1ClientResponse post(String body, String signature) {
        Http1ClientRequest request = client.post(PATH).header(HeaderNames.CONTENT_TYPE, "application/json");
        if (signature != null) {
            request.header(HeaderNames.create("Stripe-Signature"), signature);
        }
        return request.submit(body.getBytes(StandardCharsets.UTF_8));
    }

    private Http1ClientResponse signed(String body) {
        return post(body, StripeSigner.sign(body, SECRET));
    }

    /** The answer, and the one delivery line it was logged with. */
    private void assertAnswer(Http1ClientResponse response, int status, String body, String outcome, String reason) {
        try (response) {
            assertThat(response.status().code()).isEqualTo(status);
            assertThat(response.as(String.class)).isEqualTo(body);
        }
        assertThat(loggedLines(1)).singleElement().satisfies(line -> {
            LogfmtReader.Parsed parsed = LogfmtReader.parse(line);
            assertThat(parsed.kind()).isEqualTo("delivery");
            assertThat(parsed.values())
                    .containsEntry("endpoint", "payments/billing")
                    .containsEntry("outcome", outcome)
                    .containsEntry("status", Integer.toString(status))
                    .containsKey("latency_ms");
            if (reason != null) {
                assertThat(parsed.values()).containsEntry("reason", reason);
            }
        });
    }

    /** The delivery lines once there are {@code count}: a line is logged right after its answer is sent. */
    private List<String> loggedLines(int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> logLines.size() >= count);
        return List.copyOf(logLines);
    }

    private static String error(String reason) {
        return "{\"error\":\"" + reason + "\"}";
    }

    @Test
    void aSignedEventIsStoredByteForByteAndAcknowledged() {
        String id = TestEvents.newId();
        String body = TestEvents.event(id, "invoice.paid");

        assertAnswer(signed(body), 200, ACCEPTED, "accepted", null);
        assertThat(stored).singleElement().satisfies(event -> {
            assertThat(event.id()).isEqualTo(id);
            assertThat(event.endpoint()).isEqualTo("payments/billing");
            assertThat(event.body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
            assertThat(event.status()).isEqualTo(NewEvent.Status.PENDING);
            assertThat(event.source()).isEqualTo(NewEvent.Source.WEBHOOK);
        });
    }

    @Test
    void anEventStoredBeforeIsADuplicate() {
        String body = TestEvents.event(TestEvents.newId(), "invoice.paid");
        signed(body).close();
        loggedLines(1);
        logLines.clear();

        assertAnswer(signed(body), 200, "{\"received\":true,\"duplicate\":true}", "duplicate", null);
    }

    @Test
    void anEventOfATypeNotEnabledIsStoredAsIgnored() {
        assertAnswer(signed(TestEvents.event(TestEvents.newId(), "customer.created")), 200, ACCEPTED, "ignored", null);
        assertThat(stored).singleElement().extracting(NewEvent::status).isEqualTo(NewEvent.Status.IGNORED);
    }

    @Test
    void anEventOfTheOtherModeIsStoredAsIgnoredWithItsOwnReason() {
        assertAnswer(
                signed(TestEvents.event(TestEvents.newId(), "invoice.paid", true)),
                200,
                ACCEPTED,
                "ignored",
                "other_mode");
        assertThat(stored).singleElement().extracting(NewEvent::status).isEqualTo(NewEvent.Status.IGNORED);
    }

    @Test
    void noSignatureIs400() {
        assertAnswer(
                post(TestEvents.event(TestEvents.newId(), "invoice.paid"), null),
                400,
                error("missing Stripe-Signature header"),
                "rejected",
                "missing_signature");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "t=soon,v1=abc", "v1=deadbeef", "t=1700000000"})
    void aGarbledSignatureIs400(String header) {
        assertAnswer(
                post(TestEvents.event(TestEvents.newId(), "invoice.paid"), header),
                400,
                error("malformed Stripe-Signature header"),
                "rejected",
                "malformed_signature");
    }

    @Test
    void aStaleSignatureIs400() {
        String body = TestEvents.event(TestEvents.newId(), "invoice.paid");

        assertAnswer(
                post(body, StripeSigner.sign(body, Instant.now().minusSeconds(600), SECRET)),
                400,
                error("timestamp outside the tolerance zone"),
                "rejected",
                "timestamp_outside_tolerance");
    }

    @Test
    void anotherSecretsSignatureIs400AndNothingIsStored() {
        String body = TestEvents.event(TestEvents.newId(), "invoice.paid");

        assertAnswer(
                post(body, StripeSigner.sign(body, "whsec_attacker")),
                400,
                error("no signature matches a valid signing secret"),
                "rejected",
                "no_matching_signature");
        assertThat(stored).isEmpty();
    }

    @Test
    void aSignedBodyThatIsNoStripeEventIs400() {
        assertAnswer(
                signed("{\"id\":\"ch_1\",\"object\":\"charge\",\"created\":1,\"livemode\":false,\"type\":\"charge\"}"),
                400,
                error("not a Stripe event"),
                "rejected",
                "not_a_stripe_event");
    }

    @Test
    void anEventTimeThatCannotBeStoredIs400WithTheEventNamed() {
        String id = TestEvents.newId();
        String body = TestEvents.event(id, "invoice.paid").replaceFirst("\"created\": [0-9]+", "\"created\": -5");

        assertAnswer(
                signed(body), 400, error("event created time is out of range"), "rejected", "created_out_of_range");
        assertThat(LogfmtReader.parse(loggedLines(1).getFirst()).values()).containsEntry("event_id", id);
    }

    @Test
    void aSignedThinEventIsStoredByteForByteWithItsRelatedObjectAndContext() {
        String id = TestEvents.newId();
        String body = TestEvents.thinEvent(id, "v1.billing.meter.error_report_triggered", false);

        assertAnswer(signed(body), 200, ACCEPTED, "accepted", null);
        assertThat(stored).singleElement().satisfies(event -> {
            assertThat(event.id()).isEqualTo(id);
            assertThat(event.type()).isEqualTo("v1.billing.meter.error_report_triggered");
            assertThat(event.kind()).isEqualTo("thin");
            assertThat(event.apiVersion()).isNull();
            assertThat(event.body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
            assertThat(event.status()).isEqualTo(NewEvent.Status.PENDING);
            assertThat(event.thin()).hasValueSatisfying(thin -> {
                assertThat(thin.relatedObjectId()).contains("mtr_test_61R9");
                assertThat(thin.relatedObjectType()).contains("billing.meter");
                assertThat(thin.context()).contains("acct_1Nv0FGQ9RKHgCVdK");
            });
        });
    }

    @Test
    void aThinEventStoredBeforeIsADuplicate() {
        String body = TestEvents.thinEvent(TestEvents.newId(), "v1.billing.meter.no_meter_found", false);
        signed(body).close();
        loggedLines(1);
        logLines.clear();

        assertAnswer(signed(body), 200, "{\"received\":true,\"duplicate\":true}", "duplicate", null);
    }

    @Test
    void aThinEventOfATypeNotEnabledIsStoredAsIgnored() {
        assertAnswer(
                signed(TestEvents.thinEvent(TestEvents.newId(), "v2.core.account.updated", false)),
                200,
                ACCEPTED,
                "ignored",
                null);
        assertThat(stored).singleElement().extracting(NewEvent::status).isEqualTo(NewEvent.Status.IGNORED);
    }

    @Test
    void aThinEventOfTheOtherModeIsStoredAsIgnoredWithItsOwnReason() {
        assertAnswer(
                signed(TestEvents.thinEvent(TestEvents.newId(), "v1.billing.meter.no_meter_found", true)),
                200,
                ACCEPTED,
                "ignored",
                "other_mode");
        assertThat(stored).singleElement().extracting(NewEvent::status).isEqualTo(NewEvent.Status.IGNORED);
    }

    @Test
    void aForgedThinEventIs400AndNothingIsStored() {
        String body = TestEvents.thinEvent(TestEvents.newId(), "v1.billing.meter.no_meter_found", false);

        assertAnswer(
                post(body, StripeSigner.sign(body, "whsec_attacker")),
                400,
                error("no signature matches a valid signing secret"),
                "rejected",
                "no_matching_signature");
        assertThat(stored).isEmpty();
    }

    @Test
    void aStaleThinEventIs400() {
        String body = TestEvents.thinEvent(TestEvents.newId(), "v1.billing.meter.no_meter_found", false);

        assertAnswer(
                post(body, StripeSigner.sign(body, Instant.now().minusSeconds(600), SECRET)),
                400,
                error("timestamp outside the tolerance zone"),
                "rejected",
                "timestamp_outside_tolerance");
        assertThat(stored).isEmpty();
    }

    @Test
    void aSignedThinEventWithAnUnreadableTimeIs400() {
        String body = TestEvents.thinEvent(TestEvents.newId(), "v1.billing.meter.no_meter_found", false)
                .replaceFirst("\"created\": \"[^\"]+\"", "\"created\": \"last tuesday\"");

        assertAnswer(signed(body), 400, error("not a Stripe event"), "rejected", "not_a_stripe_event");
        assertThat(stored).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
    void anotherMethodIs405AndSaysWhichOneIsAllowed(String method) {
        try (Http1ClientResponse response =
                client.method(Method.create(method)).path(PATH).request()) {
            assertThat(response.status().code()).isEqualTo(405);
            assertThat(response.headers().first(HeaderNames.ALLOW)).contains("POST");
            assertThat(response.as(String.class)).isEqualTo(error("method not allowed"));
        }
        loggedLines(1);
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIs413AndCloses() {
        try (Http1ClientResponse response = signed("x".repeat(MAX_BODY + 1))) {
            assertThat(response.status().code()).isEqualTo(413);
            assertThat(response.headers().first(HeaderNames.CONNECTION)).contains("close");
            assertThat(response.as(String.class)).isEqualTo(error("body too large"));
        }
        // Its line is logged after the answer: waiting for it keeps it out of the next test's capture.
        loggedLines(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
    void aBodyThatIsNotJsonIs415(String contentType) {
        String body = TestEvents.event(TestEvents.newId(), "invoice.paid");
        try (Http1ClientResponse response = client.post(PATH)
                .header(HeaderNames.CONTENT_TYPE, contentType)
                .header(HeaderNames.create("Stripe-Signature"), StripeSigner.sign(body, SECRET))
                .submit(body.getBytes(StandardCharsets.UTF_8))) {
            assertThat(response.status().code()).isEqualTo(415);
            assertThat(response.as(String.class)).isEqualTo(error("content type must be application/json"));
        }
        loggedLines(1);
    }

    @Test
    void anotherPathIs404() {
        try (Http1ClientResponse response = client.post("/webhooks/other")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit("{}")) {
            assertThat(response.status().code()).isEqualTo(404);
        }
    }

    @Test
    void aStoreThatCannotCommitIs503SoThatStripeRetries() {
        STORE.set(event -> {
            throw new StoreUnavailableException("database down", null);
        });

        try (Http1ClientResponse response = signed(TestEvents.event(TestEvents.newId(), "invoice.paid"))) {
            assertThat(response.headers().first(HeaderNames.RETRY_AFTER)).contains("5");
        }
        assertThat(LogfmtReader.parse(loggedLines(1).getFirst()).values())
                .containsEntry("outcome", "unavailable")
                .containsEntry("reason", "database_unavailable")
                .containsEntry("status", "503");
        logLines.clear();
        assertAnswer(
                signed(TestEvents.event(TestEvents.newId(), "invoice.paid")),
                503,
                error("database unavailable, retry later"),
                "unavailable",
                "database_unavailable");
    }

    @Test
    void whileShuttingDownEveryDeliveryIs503AndClosesItsConnection() {
        DRAINING.set(true);

        try (Http1ClientResponse response = signed(TestEvents.event(TestEvents.newId(), "invoice.paid"))) {
            assertThat(response.status().code()).isEqualTo(503);
            assertThat(response.headers().first(HeaderNames.RETRY_AFTER)).contains("5");
            assertThat(response.headers().first(HeaderNames.CONNECTION)).contains("close");
            assertThat(response.as(String.class)).isEqualTo(error("shutting down, retry later"));
        }
        assertThat(stored).isEmpty();
        loggedLines(1);
    }

    @Test
    void aLargeBodyFindingTheBudgetSpentIs503BeforeItIsRead() {
        String large = "{\"pad\":\"" + "y".repeat(100 * 1024) + "\"}";

        assertAnswer(
                signed(large),
                503,
                error("too many large requests in progress, retry later"),
                "unavailable",
                "too_many_large_bodies");
        assertThat(stored).isEmpty();
    }
}
