package dev.stripeoperator.receiver.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.receiver.testing.RunningReceiver;
import dev.stripeoperator.receiver.testing.SecretVolume;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIT {

    private static final String SECRET = "whsec_current_webhook_it";
    private static final String PREVIOUS = "whsec_previous_webhook_it";
    private static final int MAX_BODY = 64 * 1024;
    private static final String ACCEPTED = "{\"received\":true,\"duplicate\":false}";
    private static final String DUPLICATE = "{\"received\":true,\"duplicate\":true}";

    private TestDatabase db;
    private RunningReceiver receiver;

    @BeforeAll
    void start() throws IOException {
        db = TestDatabase.start();
        Path secrets = Files.createTempDirectory("webhook-it-secrets");
        new SecretVolume(secrets)
                .publish(Map.of(
                        "current",
                        SECRET,
                        "previous",
                        PREVIOUS,
                        "previous-expires-at",
                        Instant.now().plusSeconds(3600).toString()));
        receiver = RunningReceiver.start(
                db,
                Map.of(
                        "SIGNING_SECRETS_DIR",
                        secrets.toString(),
                        "LIVEMODE",
                        "false",
                        "ENABLED_EVENTS",
                        "invoice.*,checkout.session.completed",
                        "MAX_BODY_BYTES",
                        String.valueOf(MAX_BODY)));
    }

    @AfterAll
    void stop() {
        receiver.close();
        db.close();
    }

    @Test
    void validDeliveryIsStoredAsPendingAndAcknowledged() {
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "invoice.paid");

        HttpResponse<String> answer = receiver.deliver(payload, StripeSigner.sign(payload, SECRET));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(ACCEPTED);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(db.count(id)).isEqualTo(1);
        assertThat(db.status(id)).contains("pending");
        assertThat(db.payload(id)).hasValueSatisfying(json -> assertThat(json).contains("Caf\u00e9 cr\u00e8me \u2615"));
        assertThat(db.body(id)).as("the exact bytes Stripe signed").contains(payload);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\ud83d", "\\udc00x"})
    void eventJsonbWouldRefuseIsStoredByteForByteAndAcknowledged(String escape) {
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "invoice.paid").replace("Caf", "Caf" + escape);

        HttpResponse<String> answer = receiver.deliver(payload, StripeSigner.sign(payload, SECRET));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(ACCEPTED);
        assertThat(db.body(id)).contains(payload);
        assertThat(db.status(id)).contains("pending");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999", "-5", "9223372036854775807"})
    void signedEventWithAnUnstorableCreatedTimeIsRefusedWith400(String created) {
        String id = TestEvents.newId();
        String payload =
                TestEvents.event(id, "invoice.paid").replaceFirst("\"created\": [0-9]+", "\"created\": " + created);
        assertThat(payload).contains("\"created\": " + created);

        HttpResponse<String> answer = receiver.deliver(payload, StripeSigner.sign(payload, SECRET));

        assertRejected(answer, 400, "event created time is out of range");
        assertThat(db.count(id)).isZero();
    }

    @Test
    void secondDeliveryOfTheSameEventIsADuplicate() {
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "invoice.paid");

        receiver.deliver(payload, StripeSigner.sign(payload, SECRET));
        HttpResponse<String> again = receiver.deliver(payload, StripeSigner.sign(payload, SECRET));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(DUPLICATE);
        assertThat(db.count(id)).isEqualTo(1);
    }

    @Test
    void fiftyConcurrentDeliveriesOfOneEventStoreOneRowAndOneSaysNew() throws Exception {
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "invoice.paid");
        String signature = StripeSigner.sign(payload, SECRET);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();

        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                answers.add(clients.submit(() -> {
                    go.await();
                    return receiver.deliver(payload, signature);
                }));
            }
            go.countDown();
        }

        List<String> bodies = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            assertThat(answer.get().statusCode()).isEqualTo(200);
            bodies.add(answer.get().body());
        }
        assertThat(bodies).filteredOn(ACCEPTED::equals).hasSize(1);
        assertThat(bodies).filteredOn(DUPLICATE::equals).hasSize(49);
        assertThat(db.count(id)).isEqualTo(1);
    }

    @Test
    void wrongSecretIsRefusedAndNothingStored() {
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "invoice.paid");

        HttpResponse<String> answer = receiver.deliver(payload, StripeSigner.sign(payload, "whsec_attacker"));

        assertRejected(answer, 400, "no signature matches a valid signing secret");
        assertThat(answer.body()).doesNotContain(SECRET, "whsec_attacker");
        assertThat(db.count(id)).isZero();
    }

    @Test
    void tamperedBodyIsRefused() {
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "invoice.paid");
        String signature = StripeSigner.sign(payload, SECRET);

        HttpResponse<String> answer = receiver.deliver(payload.replace("4200", "4"), signature);

        assertRejected(answer, 400, "no signature matches a valid signing secret");
        assertThat(db.count(id)).isZero();
    }

    @Test
    void headerWithSeveralSignaturesIsAcceptedWhenOneMatches() {
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "invoice.paid");

        HttpResponse<String> answer =
                receiver.deliver(payload, StripeSigner.sign(payload, Instant.now(), "whsec_stripe_rolling", SECRET));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(db.count(id)).isEqualTo(1);
    }

    @Test
    void previousSecretIsAcceptedBeforeItsExpiry() {
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "invoice.paid");

        assertThat(receiver.deliver(payload, StripeSigner.sign(payload, PREVIOUS))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void eventOfTheOtherModeIsAcknowledgedAndStoredAsIgnoredWithItsOwnMetric() {
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "invoice.paid", true);

        HttpResponse<String> answer = receiver.deliver(payload, StripeSigner.sign(payload, SECRET));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(ACCEPTED);
        assertThat(db.status(id)).contains("ignored");
        assertThat(receiver.deliver(payload, StripeSigner.sign(payload, SECRET)).body())
                .isEqualTo(DUPLICATE);
        String metrics = receiver.get("/observe/metrics").body();
        assertThat(metrics)
                .containsPattern(
                        "stripe_webhook_deliveries_total\\{[^}]*outcome=\"ignored\"[^}]*reason=\"other_mode\"[^}]*} [1-9]");
    }

    @Test
    void eventOfADisabledTypeIsStoredAsIgnoredAndAcknowledged() {
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "customer.created");

        HttpResponse<String> answer = receiver.deliver(payload, StripeSigner.sign(payload, SECRET));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(ACCEPTED);
        assertThat(db.status(id)).contains("ignored");
    }

    @Test
    void bodyDeclaredLargerThanTheLimitIsRefusedBeforeItIsSent() throws IOException {
        // Only the headers are sent: a 413 proves the receiver did not wait for (or buffer) the body.
        String response = rawExchange("POST " + RunningReceiver.PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nStripe-Signature: t=1,v1=x\r\n"
                + "Content-Length: " + (100L * 1024 * 1024) + "\r\n\r\n");

        assertThat(response)
                .startsWith("HTTP/1.1 413")
                .contains("Connection: close")
                .contains("{\"error\":\"body too large\"}");
    }

    @Test
    void chunkedBodyGrowingPastTheLimitIsRefusedWhileReading() throws IOException {
        StringBuilder request = new StringBuilder("POST " + RunningReceiver.PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nStripe-Signature: t=1,v1=x\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = "x".repeat(8192);
        for (int sent = 0; sent <= MAX_BODY; sent += chunk.length()) {
            request.append(Integer.toHexString(chunk.length()))
                    .append("\r\n")
                    .append(chunk)
                    .append("\r\n");
        }
        // No terminating chunk: the answer must come from the limit, not from the end of the body.
        String response = rawExchange(request.toString());

        assertThat(response)
                .startsWith("HTTP/1.1 413")
                .contains("Connection: close")
                .contains("{\"error\":\"body too large\"}");
    }

    @Test
    void bodyAtTheLimitIsReadAndVerified() {
        String body = "{\"pad\":\"" + "y".repeat(MAX_BODY - 10) + "\"}";
        assertThat(body).hasSize(MAX_BODY);

        assertRejected(receiver.deliver(body, StripeSigner.sign(body, SECRET)), 400, "not a Stripe event");
    }

    @Test
    void readinessIncludesTheDatabase() {
        HttpResponse<String> ready = receiver.get(ReceiverImage.READINESS_PATH);

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"database\"").contains("UP");
    }

    @Test
    void metricsCountDeliveriesByOutcomeAndReasonAndShowLatencyAndPool() {
        String payload = TestEvents.event(TestEvents.newId(), "invoice.paid");
        receiver.deliver(payload, StripeSigner.sign(payload, SECRET));
        receiver.deliver(payload, StripeSigner.sign(payload, "whsec_attacker"));

        String metrics = receiver.get("/observe/metrics").body();

        assertThat(metrics)
                .containsPattern("stripe_webhook_deliveries_total\\{[^}]*outcome=\"accepted\"[^}]*} [1-9]")
                .containsPattern(
                        "stripe_webhook_deliveries_total\\{[^}]*outcome=\"rejected\"[^}]*reason=\"no_matching_signature\"[^}]*} [1-9]")
                .contains("stripe_webhook_ack_seconds_bucket")
                .contains("stripe_webhook_commit_batch_size")
                .containsPattern("stripe_webhook_db_pool_connections\\{[^}]*state=\"max\"[^}]*} 16")
                .contains("state=\"active\"", "state=\"idle\"", "state=\"pending\"");
    }

    private static void assertRejected(HttpResponse<String> answer, int status, String reason) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.body()).isEqualTo("{\"error\":\"" + reason + "\"}");
    }

    private String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", receiver.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            StringBuilder response = new StringBuilder();
            int read;
            while (!response.toString().contains("}") && (read = in.read(buffer)) > 0) {
                response.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
            return response.toString();
        }
    }
}
