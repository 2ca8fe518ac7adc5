package dev.stripeoperator.standin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.google.gson.JsonObject;
import com.stripe.net.Webhook;

/**
 * Delivers events as Stripe does: a POST of the event JSON with a {@code Stripe-Signature} header holding one
 * {@code v1} signature per active secret of the endpoint, tried again with a growing delay on anything but 2xx, a
 * bounded number of times.
 */
public final class Deliveries implements AutoCloseable {

    /**
     * One delivery attempt.
     *
     * @param endpointId the Stripe endpoint delivered for
     * @param eventId the event delivered
     * @param attempt 1 for the first try
     * @param status the HTTP status; 0 when the connection failed
     */
    public record Attempt(String endpointId, String eventId, int attempt, int status) {

        /** Whether the receiver acknowledged the event. */
        public boolean acknowledged() {
            return status >= 200 && status < 300;
        }
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Function<URI, URI> route;
    private final int maxAttempts;
    private final Duration firstRetry;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("stripe-stand-in-deliveries").factory());
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

    Deliveries(Function<URI, URI> route, int maxAttempts, Duration firstRetry) {
        this.route = route;
        this.maxAttempts = maxAttempts;
        this.firstRetry = firstRetry;
    }

    void deliver(String endpointId, URI url, JsonObject event, List<String> secrets) {
        String payload = event.toString();
        String eventId = event.get("id").getAsString();
        executor.execute(() -> attempt(endpointId, route.apply(url), eventId, payload, secrets, 1));
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    private void attempt(
            String endpointId, URI target, String eventId, String payload, List<String> secrets, int attempt) {
        int status;
        try {
            status = http.send(
                            HttpRequest.newBuilder(target)
                                    .timeout(REQUEST_TIMEOUT)
                                    .header("Content-Type", "application/json; charset=utf-8")
                                    .header("Stripe-Signature", signature(payload, secrets))
                                    .POST(HttpRequest.BodyPublishers.ofString(payload))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Attempt outcome = new Attempt(endpointId, eventId, attempt, status);
        attempts.add(outcome);
        if (!outcome.acknowledged() && attempt < maxAttempts && !executor.isShutdown()) {
            long delay = firstRetry.toMillis() << (attempt - 1);
            executor.schedule(
                    () -> attempt(endpointId, target, eventId, payload, secrets, attempt + 1),
                    delay,
                    TimeUnit.MILLISECONDS);
        }
    }

    private String signature(String payload, List<String> secrets) {
        // Signed at the real time, which receivers check against their own clock, whatever the stand-in's clock says.
        long timestamp = Instant.now().getEpochSecond();
        return "t=" + timestamp + ","
                + secrets.stream()
                        .map(secret -> "v1=" + hmac(secret, timestamp + "." + payload))
                        .collect(Collectors.joining(","));
    }

    private static String hmac(String secret, String signedPayload) {
        try {
            return Webhook.Util.computeHmacSha256(secret, signedPayload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        http.close();
    }
}
