package dev.stripeoperator.receiver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.receiver.Receiver;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.forwarding.ForwardingConfig;

/** A receiver on port 0 of loopback, built by the production wiring, with an HTTP client aimed at it. */
public final class RunningReceiver implements AutoCloseable {

    public static final String PATH = "/webhooks/stripe";

    private final Receiver receiver;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningReceiver(Receiver receiver) {
        this.receiver = receiver;
    }

    /** Starts a receiver on this database with these settings added to the defaults, and waits until it is ready. */
    public static RunningReceiver start(TestDatabase db, Map<String, String> settings) {
        RunningReceiver receiver = startWithoutWaiting(db, settings);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (receiver.get(ReceiverImage.READINESS_PATH).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                receiver.close();
                throw new IllegalStateException("the receiver did not become ready within 60 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return receiver;
    }

    /** Starts a receiver without waiting for its database (which may be down on purpose). */
    public static RunningReceiver startWithoutWaiting(TestDatabase db, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("DATABASE_URL", db.jdbcUrl());
        env.put("ENDPOINT_NAME", "payments/billing");
        env.putAll(settings);
        return new RunningReceiver(
                Receiver.start(ReceiverConfig.fromEnvironment(env), ForwardingConfig.fromEnvironment(env)));
    }

    /** The port it listens on. */
    public int port() {
        return receiver.port();
    }

    /** POSTs a Stripe-style delivery to the webhook path. */
    public HttpResponse<String> deliver(String payload, String signature) {
        HttpRequest.Builder request = request(PATH)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return send(request.build());
    }

    /** A request builder for a path on this receiver. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30));
    }

    /** Sends a request and reads the answer as text. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs a path and reads the answer as text. */
    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    @Override
    public void close() {
        receiver.close();
        client.close();
    }
}
