package dev.stripeoperator.receiver.observe;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.JsonLogReader;
import dev.stripeoperator.receiver.testing.ReceiverProcess;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code LOG_FORMAT=json} in a receiver process of its own, as a pod runs it: every line it prints, its own and
 * Helidon's, Flyway's and HikariCP's, is one JSON object, and each delivery is one object with the text line's keys.
 */
class JsonLogIT {

    private static final String SECRET = "whsec_json_log_it";
    private static final String PAYLOAD_MARK = "amount_paid";

    private TestDatabase db;
    private ReceiverProcess receiver;

    @BeforeEach
    void start() {
        db = TestDatabase.start();
        receiver = ReceiverProcess.start(
                db, List.of("-Xmx256m"), Map.of("STRIPE_WEBHOOK_SECRET", SECRET, "LOG_FORMAT", "json"));
    }

    @AfterEach
    void stop() {
        receiver.close();
        db.close();
    }

    @Test
    void eachDeliveryIsOneJsonObjectWithTheTextLinesKeysAndEveryLineIsJson() throws Exception {
        String accepted = TestEvents.newId();
        String forged = TestEvents.newId();

        assertThat(deliver(TestEvents.event(accepted, "invoice.paid"), SECRET)).isEqualTo(200);
        assertThat(deliver(TestEvents.event(forged, "invoice.paid"), "whsec_other"))
                .isEqualTo(400);

        JsonLogReader.Parsed delivery = await().atMost(Duration.ofSeconds(10))
                .until(() -> deliveryLine(accepted), Optional::isPresent)
                .orElseThrow();
        assertThat(delivery.level()).isEqualTo("INFO");
        assertThat(delivery.logger()).isEqualTo("dev.stripeoperator.receiver.delivery");
        assertThat(delivery.time()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(List.copyOf(delivery.values().keySet()))
                .containsExactly("endpoint", "event_id", "type", "outcome", "status", "latency_ms");
        assertThat(delivery.values())
                .containsEntry("endpoint", "payments/billing")
                .containsEntry("type", "invoice.paid")
                .containsEntry("outcome", "accepted")
                .containsEntry("status", new BigDecimal(200));
        assertThat(delivery.values().get("latency_ms")).isInstanceOf(BigDecimal.class);

        List<JsonLogReader.Parsed> lines = await().atMost(Duration.ofSeconds(10))
                .until(
                        this::lines,
                        all -> all.stream()
                                .anyMatch(line -> "delivery".equals(line.kind())
                                        && "rejected".equals(line.values().get("outcome"))));
        assertThat(lines)
                .filteredOn(line -> "delivery".equals(line.kind())
                        && "rejected".equals(line.values().get("outcome")))
                .singleElement()
                .satisfies(rejected -> assertThat(rejected.values())
                        .containsEntry("event_id", null)
                        .containsEntry("reason", "no_matching_signature")
                        .containsEntry("status", new BigDecimal(400)));
        assertThat(lines)
                .as("the receiver's own lines at start, in the format asked for")
                .extracting(JsonLogReader.Parsed::kind)
                .contains("signing_secrets", "database", "receiver");
        assertThat(receiver.output()).doesNotContain(SECRET, PAYLOAD_MARK);
    }

    /** POSTs the event signed with {@code secret}; the answer's status. */
    private int deliver(String payload, String secret) throws Exception {
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return http.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + receiver.port() + "/webhooks/stripe"))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Content-Type", "application/json")
                                    .header("Stripe-Signature", StripeSigner.sign(payload, secret))
                                    .POST(HttpRequest.BodyPublishers.ofString(payload))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    private Optional<JsonLogReader.Parsed> deliveryLine(String eventId) {
        return lines().stream()
                .filter(line -> "delivery".equals(line.kind())
                        && eventId.equals(line.values().get("event_id")))
                .findFirst();
    }

    /** Every line printed so far, each of which must be one JSON log line. */
    private List<JsonLogReader.Parsed> lines() {
        return receiver.output().lines().map(JsonLogReader::parse).toList();
    }
}
