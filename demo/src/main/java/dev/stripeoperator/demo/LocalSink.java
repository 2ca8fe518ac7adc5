package dev.stripeoperator.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/** The app behind SINK_URL in the demo: records the event id and type of every forwarded event. */
final class LocalSink implements AutoCloseable {

    private final HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    private LocalSink(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code address}: loopback, or the address the local real node's pods reach this machine at. */
    static LocalSink start(String address) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 0);
            LocalSink sink = new LocalSink(server);
            server.createContext("/internal/stripe-events", exchange -> {
                exchange.getRequestBody().readAllBytes();
                sink.received.add(exchange.getRequestHeaders().getFirst("Stripe-Event-Id") + " ("
                        + exchange.getRequestHeaders().getFirst("Stripe-Event-Type") + ")");
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + "/internal/stripe-events");
    }

    List<String> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
