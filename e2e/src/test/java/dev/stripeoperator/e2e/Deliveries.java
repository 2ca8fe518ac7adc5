package dev.stripeoperator.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestEvents;

/**
 * Signed Stripe deliveries to one receiver URL, as Stripe sends them: one event a POST, kept-alive connections, an
 * answer awaited for at most 30 seconds.
 */
final class Deliveries {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI url;
    private final String whsec;
    private final HttpClient http;

    Deliveries(String url, String whsec) {
        this.url = URI.create(url);
        this.whsec = whsec;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A new invoice.paid event, signed with the secret; the receiver's answer. */
    HttpResponse<String> deliver(String id) throws IOException, InterruptedException {
        return deliver(id, whsec);
    }

    /** A new invoice.paid event signed with {@code secret}; the receiver's answer. */
    HttpResponse<String> deliver(String id, String secret) throws IOException, InterruptedException {
        String payload = TestEvents.event(id, "invoice.paid");
        return send(payload, StripeSigner.sign(payload, secret));
    }

    /** {@code payload} with the {@code Stripe-Signature} header {@code signature}; the receiver's answer. */
    HttpResponse<String> send(String payload, String signature) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(url)
                        .timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header("Stripe-Signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofString(payload))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends new events from {@code senders} threads, one after the other on each, until {@link Load#stop()}; every
     * answer and every failure to get one is recorded.
     */
    Load startLoad(int senders) {
        return new Load(senders);
    }

    /** A running load: what it was answered so far. */
    final class Load implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService threads;
        private final List<Future<?>> senders = new ArrayList<>();
        private final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        private Load(int count) {
            threads = Executors.newFixedThreadPool(count);
            for (int i = 0; i < count; i++) {
                senders.add(threads.submit(this::send));
            }
        }

        private void send() {
            while (running.get()) {
                String id = TestEvents.newId();
                try {
                    HttpResponse<String> answer = deliver(id);
                    statuses.computeIfAbsent(answer.statusCode(), s -> new AtomicInteger())
                            .incrementAndGet();
                    if (answer.statusCode() == 200) {
                        acknowledged.add(id);
                    }
                } catch (IOException e) {
                    failures.add(id + ": " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** Lets every sender finish its request in flight, then stops. */
        void stop() throws Exception {
            running.set(false);
            for (Future<?> sender : senders) {
                sender.get();
            }
            threads.shutdown();
        }

        /** The ids answered 200, each stored before its answer. */
        List<String> acknowledged() {
            return List.copyOf(acknowledged);
        }

        /** How many answers of each status. */
        Map<Integer, Integer> statuses() {
            Map<Integer, Integer> counts = new TreeMap<>();
            statuses.forEach((status, count) -> counts.put(status, count.get()));
            return counts;
        }

        /** Requests that got no answer (a reset or refused connection, a timeout). */
        List<String> failures() {
            return List.copyOf(failures);
        }

        /** Answers so far, whatever their status. */
        int answered() {
            return statuses.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        @Override
        public void close() throws Exception {
            if (running.get()) {
                stop();
            }
        }
    }
}
