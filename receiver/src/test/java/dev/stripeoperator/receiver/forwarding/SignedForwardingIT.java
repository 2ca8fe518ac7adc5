package dev.stripeoperator.receiver.forwarding;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.stripeoperator.receiver.forwarding.TestSink.SinkAnswer;
import dev.stripeoperator.receiver.testing.RunningReceiver;
import dev.stripeoperator.receiver.testing.SecretVolume;
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
 * Forwarded events carry a Standard Webhooks signature that the public libraries verify: the Java one and the npm
 * {@code standardwebhooks} package run by node, with the key from a mounted Secret, through a key rotation; and the
 * bearer token from a mounted file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedForwardingIT {

    private static final String SECRET = "whsec_signed_forwarding_it";
    private static final String OLD_KEY = newKey();
    private static final String NEW_KEY = newKey();
    /** A key no Secret ever holds. */
    private static final String STRANGER_KEY = newKey();

    private static final String TOKEN = "s3cr3t-proxy-token";

    private TestDatabase db;
    private TestSink sink;
    private SecretVolume keys;
    private RunningReceiver receiver;
    private NodeStandardWebhooks node;

    @BeforeAll
    void start() throws Exception {
        node = NodeStandardWebhooks.install();
        db = TestDatabase.start();
        sink = TestSink.start(request -> SinkAnswer.status(200));
        keys = new SecretVolume(Files.createTempDirectory("forwarding-keys"));
        keys.publish(Map.of("current", OLD_KEY));
        Path token = Files.createTempFile("sink-token", "");
        Files.writeString(token, TOKEN + "\n");
        receiver = RunningReceiver.start(
                db,
                Map.of(
                        "STRIPE_WEBHOOK_SECRET", SECRET,
                        "SINK_URL", sink.uri().toString(),
                        "FORWARDING_SIGNING_KEYS_DIR", keys.root().toString(),
                        "SINK_BEARER_TOKEN_FILE", token.toString()));
    }

    @AfterAll
    void stop() {
        sink.close();
        receiver.close();
        db.close();
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private TestSink.Received forwarded(String payload, String id) {
        assertThat(receiver.deliver(payload, StripeSigner.sign(payload, SECRET)).statusCode())
                .isEqualTo(200);
        await().until(() -> !sink.received(id).isEmpty());
        return sink.received(id).getFirst();
    }

    private static Map<String, String> standardHeaders(TestSink.Received request) {
        return request.headers().entrySet().stream()
                .filter(header -> header.getKey().toLowerCase(Locale.ROOT).startsWith("webhook-"))
                .collect(Collectors.toMap(
                        header -> header.getKey().toLowerCase(Locale.ROOT),
                        header -> header.getValue().getFirst()));
    }

    private static void javaVerifies(String key, TestSink.Received request) throws Exception {
        new Webhook(key)
                .verify(
                        request.body(),
                        standardHeaders(request).entrySet().stream()
                                .collect(Collectors.toMap(Map.Entry::getKey, header -> List.of(header.getValue()))));
    }

    @Test
    void aForwardedEventCarriesAStandardWebhooksSignatureThatJavaAndNodeVerify() throws Exception {
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "invoice.paid");

        TestSink.Received request = forwarded(payload, id);

        Map<String, String> headers = standardHeaders(request);
        assertThat(headers).containsEntry("webhook-id", id).containsKeys("webhook-timestamp", "webhook-signature");
        assertThat(Long.parseLong(headers.get("webhook-timestamp")))
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(headers.get("webhook-signature")).matches("v1,[A-Za-z0-9+/=]+");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        String key = keysNow();
        javaVerifies(key, request);
        assertThatThrownBy(() -> javaVerifies(STRANGER_KEY, request)).isInstanceOf(WebhookVerificationException.class);
        assertThat(node.verify(List.of(
                        new NodeStandardWebhooks.Case(key, request.body(), headers),
                        new NodeStandardWebhooks.Case(STRANGER_KEY, request.body(), headers),
                        new NodeStandardWebhooks.Case(key, request.body().replace("4200", "4201"), headers))))
                .as("the right key verifies; another key, or a changed body, does not")
                .containsExactly(
                        "verified", "refused: No matching signature found", "refused: No matching signature found");
    }

    @Test
    void aThinEventIsSignedOverTheExactBytesItArrivedWith() throws Exception {
        String id = TestEvents.newId();
        TestSink.Received request = forwarded(TestEvents.thinEvent(id, "v1.billing.meter.no_meter_found", false), id);

        assertThat(node.verify(
                        List.of(new NodeStandardWebhooks.Case(keysNow(), request.body(), standardHeaders(request)))))
                .containsExactly("verified");
    }

    @Test
    void duringARotationEventsAreSignedWithBothKeysAndAfterItWithTheNewOneAlone() throws Exception {
        keys.publish(Map.of(
                "current",
                NEW_KEY,
                "previous",
                OLD_KEY,
                "previous-expires-at",
                Instant.now().plusSeconds(3600).toString()));
        awaitSignaturesPerEvent(2);
        String id = TestEvents.newId();

        TestSink.Received during = forwarded(TestEvents.event(id, "invoice.paid"), id);

        assertThat(standardHeaders(during).get("webhook-signature").split(" ")).hasSize(2);
        javaVerifies(NEW_KEY, during);
        javaVerifies(OLD_KEY, during);
        assertThat(node.verify(List.of(
                        new NodeStandardWebhooks.Case(NEW_KEY, during.body(), standardHeaders(during)),
                        new NodeStandardWebhooks.Case(OLD_KEY, during.body(), standardHeaders(during)))))
                .containsExactly("verified", "verified");

        keys.publish(Map.of("current", NEW_KEY));
        awaitSignaturesPerEvent(1);
        String after = TestEvents.newId();
        TestSink.Received request = forwarded(TestEvents.event(after, "invoice.paid"), after);
        javaVerifies(NEW_KEY, request);
        assertThatThrownBy(() -> javaVerifies(OLD_KEY, request)).isInstanceOf(WebhookVerificationException.class);
    }

    /** Waits until the receiver has re-read the keys: events then carry {@code count} signatures. */
    private void awaitSignaturesPerEvent(int count) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String probe = TestEvents.newId();
            assertThat(standardHeaders(forwarded(TestEvents.event(probe, "invoice.paid"), probe))
                            .get("webhook-signature")
                            .split(" "))
                    .hasSize(count);
        });
    }

    /** The current key as the mounted Secret has it now (the rotation case may have run first). */
    private String keysNow() {
        try {
            return Files.readString(keys.root().resolve("current")).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
