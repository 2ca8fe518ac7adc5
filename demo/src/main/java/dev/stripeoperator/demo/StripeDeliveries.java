package dev.stripeoperator.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.webhook.Rejection;

/** Sends Stripe-shaped test events to a receiver, signed the way Stripe signs them. */
final class StripeDeliveries {

    /** A secret that is not the endpoint's: what a forger would sign with. */
    static final String FORGED_SECRET = "whsec_forged_by_someone_without_the_real_secret";

    /** What the receiver answered. */
    record Answer(int status, String body) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;

    StripeDeliveries(URI url) {
        this.url = url;
    }

    /** A test-mode event of this type whose data object is a minimal object of that family. */
    static String event(String id, String type, String object) {
        long created = Instant.now().getEpochSecond();
        return """
                {"id":"%s","object":"event","api_version":"2025-10-29.clover","created":%d,"livemode":false,\
                "pending_webhooks":1,"request":{"id":"req_demo","idempotency_key":null},"type":"%s",\
                "data":{"object":%s}}""".formatted(id, created, type, object);
    }

    /**
     * Whether the receiver verifies signatures made with {@code secret}, without storing anything: a signed body that
     * is no Stripe event is refused for what it is once the signature passed, and for its signature otherwise.
     */
    boolean verifies(String secret) {
        Answer answer = send("{\"probe\":\"signing secret\"}", Instant.now(), secret);
        return answer.status() == 400 && answer.body().contains(Rejection.NOT_A_STRIPE_EVENT.reason());
    }

    Answer send(String payload, Instant signedAt, String... secrets) {
        return post(payload, StripeSigner.sign(payload, signedAt, secrets));
    }

    Answer post(String payload, String signatureHeader) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", signatureHeader)
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new DemoFailure("the receiver at " + url + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted", e);
        }
    }
}
