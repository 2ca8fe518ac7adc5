package dev.stripeoperator.receiver.forwarding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The application's end of delivery for tests: a real HTTP server on loopback that records every POST and
 * answers as the test says.
 */
final class TestSink implements AutoCloseable {

    /** One request as the sink saw it. */
    record Received(String path, String eventId, Map<String, List<String>> headers, String body, Instant at) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    /** How the sink answers one request. */
    record SinkAnswer(int status, Map<String, String> headers, Duration delay, boolean hang) {
        static SinkAnswer status(int status) {
            return new SinkAnswer(status, Map.of(), Duration.ZERO, false);
        }

        static SinkAnswer status(int status, String header, String value) {
            return new SinkAnswer(status, Map.of(header, value), Duration.ZERO, false);
        }

        /** Answers only after a while, like a slow application. */
        static SinkAnswer slowly(int status, Duration delay) {
            return new SinkAnswer(status, Map.of(), delay, false);
        }

        /** Never answers, until the sink is closed. */
        static SinkAnswer hanging() {
            return new SinkAnswer(0, Map.of(), Duration.ZERO, true);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Function<Received, SinkAnswer> answers;
    private HttpServer server;

    private TestSink(Function<Received, SinkAnswer> answers) {
        this.answers = answers;
    }

    /** A sink on a fresh loopback port. */
    static TestSink start(Function<Received, SinkAnswer> answers) {
        return start(answers, 0);
    }

    /** A sink on the given loopback port (0: any free one). */
    static TestSink start(Function<Received, SinkAnswer> answers, int port) {
        TestSink sink = new TestSink(answers);
        try {
            sink.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sink.server.createContext("/", sink::handle);
        sink.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        sink.server.start();
        return sink;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received request = new Received(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Stripe-Event-Id"),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body,
                    Instant.now());
            received.add(request);
            SinkAnswer answer = answers.apply(request);
            if (answer.hang()) {
                released.await();
                return;
            }
            Thread.sleep(answer.delay());
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void answer(Function<Received, SinkAnswer> answers) {
        this.answers = answers;
    }

    URI uri() {
        return uri("/events");
    }

    /** The sink's URL with another path, to tell senders apart. */
    URI uri(String path) {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort() + path);
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> received(String eventId) {
        return received.stream()
                .filter(request -> eventId.equals(request.eventId()))
                .toList();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
