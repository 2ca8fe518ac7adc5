package dev.stripeoperator.receiver.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.receiver.testing.RawConnection;
import dev.stripeoperator.receiver.testing.ReceiverProcess;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Receivers under attack, each in a JVM of its own as in a container. Clients that declare a 1 MiB body, send all but
 * its last byte and stall: against a small heap, the heap holds; against a small MAX_CONNECTIONS, twice as many of
 * them, stalling wherever a request can stall, hold no slot past REQUEST_READ_TIMEOUT, so signed deliveries still get
 * 200 while they keep coming.
 */
class HostileClientsIT {

    private static final String SECRET = "whsec_hostile_clients_it";
    private static final int DECLARED = 1024 * 1024;

    private TestDatabase db;
    private ReceiverProcess receiver;

    @BeforeEach
    void startDatabase() {
        db = TestDatabase.start();
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
        db.close();
    }

    /** Without the bounds, 300 such bodies would need 300 MiB. */
    @Test
    void stalledBodiesAreClosedWithinTheTimeoutWhileSignedDeliveriesGet200AndTheHeapHolds() throws Exception {
        int stalledClients = 300;
        Duration readTimeout = Duration.ofSeconds(3);
        String heap = "-Xmx128m";
        receiver = ReceiverProcess.start(
                db,
                List.of(heap, "-XX:+ExitOnOutOfMemoryError"),
                Map.of("STRIPE_WEBHOOK_SECRET", SECRET, "BODY_READ_TIMEOUT", readTimeout.toSeconds() + "s"));
        List<Future<Duration>> stalled = new ArrayList<>();
        long peakHeap = 0;
        List<Duration> ackTimes = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .build()) {
            for (int i = 0; i < stalledClients; i++) {
                stalled.add(clients.submit(this::stallMidBody));
            }
            Thread.sleep(500);
            for (int i = 0; i < 20; i++) {
                String id = TestEvents.newId();
                String payload = TestEvents.event(id, "invoice.paid");
                long sent = System.nanoTime();
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/webhooks/stripe"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .header("Stripe-Signature", StripeSigner.sign(payload, SECRET))
                                .POST(HttpRequest.BodyPublishers.ofString(payload))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                ackTimes.add(Duration.ofNanos(System.nanoTime() - sent));
                assertThat(answer.statusCode())
                        .as("signed delivery %d among stalled clients: %s", i, answer.body())
                        .isEqualTo(200);
                assertThat(db.count(id)).isEqualTo(1);
                peakHeap = Math.max(peakHeap, usedHeap());
                Thread.sleep(100);
            }
            for (Future<Duration> connection : stalled) {
                assertThat(connection.get(readTimeout.toSeconds() + 30, TimeUnit.SECONDS))
                        .as("a stalled connection is closed within the body read timeout")
                        .isLessThan(readTimeout.plusSeconds(5));
            }
        }
        assertThat(receiver.get("/observe/metrics"))
                .as("the bodies that timed out are counted")
                .containsPattern("stripe_webhook_deliveries_total\\{[^}]*reason=\"body_read_timeout\"[^}]*} [1-9]");
        peakHeap = Math.max(peakHeap, usedHeap());
        assertThat(receiver.process().isAlive())
                .as("no OutOfMemoryError:\n%s", receiver.output())
                .isTrue();
        // Promptly: far inside the 10 s ack timeout and Stripe's own, on 2 cores shared with 300 clients sending.
        assertThat(ackTimes).allSatisfy(t -> assertThat(t).isLessThan(Duration.ofSeconds(5)));
        assertThat(receiver.status(ReceiverImage.LIVENESS_PATH)).isEqualTo(200);
        System.out.printf(
                "HostileClientsIT: %d stalled 1 MiB bodies, %s heap: peak used heap %.1f MiB, slowest ack %d ms%n",
                stalledClients,
                heap,
                peakHeap / 1048576.0,
                ackTimes.stream().mapToLong(Duration::toMillis).max().orElse(0));
    }

    @Test
    void twiceMaxConnectionsStalledClientsHoldNoSlotPastTheDeadlineWhileSignedDeliveriesGet200() throws Exception {
        int maxConnections = 50;
        Duration deadline = Duration.ofSeconds(2);
        Duration attack = Duration.ofSeconds(12);
        receiver = ReceiverProcess.start(
                db,
                List.of("-Xmx256m"),
                Map.of(
                        "STRIPE_WEBHOOK_SECRET",
                        SECRET,
                        "MAX_CONNECTIONS",
                        Integer.toString(maxConnections),
                        "REQUEST_READ_TIMEOUT",
                        deadline.toSeconds() + "s",
                        // Far longer, so that only the request's deadline can free the slots in time.
                        "BODY_READ_TIMEOUT",
                        "60s"));
        // Waiting for a slot (each held at most the deadline and a sweep) and then holding one.
        Duration bound = deadline.plusSeconds(1).multipliedBy(3);
        Map<Stall, List<Duration>> held = new EnumMap<>(Stall.class);
        List<Delivery> deliveries = new ArrayList<>();
        AtomicBoolean attacking = new AtomicBoolean(true);
        try (ExecutorService attackers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 2 * maxConnections; i++) {
                Stall stall = Stall.values()[i % Stall.values().length];
                List<Duration> times = held.computeIfAbsent(stall, s -> new CopyOnWriteArrayList<>());
                attackers.submit(() -> {
                    while (attacking.get()) {
                        times.add(stall.holdOnce(receiver.port(), bound.multipliedBy(2)));
                    }
                    return null;
                });
            }
            Thread.sleep(500);
            long end = System.nanoTime() + attack.toNanos();
            while (System.nanoTime() < end) {
                deliveries.add(Delivery.send(receiver.port(), bound.multipliedBy(2)));
            }
            attacking.set(false);
        }

        System.out.printf(
                "HostileClientsIT: %d stalled clients against MAX_CONNECTIONS=%d, REQUEST_READ_TIMEOUT=%s for %s: %s;"
                        + " %d signed deliveries answered after %s ms%n",
                2 * maxConnections,
                maxConnections,
                deadline,
                attack,
                held.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue().size() + " connections, closed after "
                                + range(e.getValue().stream()
                                        .filter(Objects::nonNull)
                                        .toList())
                                + " ms, "
                                + e.getValue().stream().filter(Objects::isNull).count() + " still open")
                        .toList(),
                deliveries.size(),
                range(deliveries.stream().map(Delivery::latency).toList()));
        held.forEach((stall, times) -> assertThat(times)
                .as("%s: every connection closed by the server within %s of connecting", stall, bound)
                .isNotEmpty()
                .allSatisfy(time -> assertThat(time).isNotNull().isLessThan(bound)));
        assertThat(receiver.get("/observe/metrics"))
                .containsPattern("stripe_webhook_request_read_timeouts_total(\\{[^}]*})? [1-9]");
        assertThat(deliveries).isNotEmpty().allSatisfy(delivery -> {
            assertThat(delivery.status())
                    .as("signed delivery among stalled clients")
                    .isEqualTo(200);
            assertThat(delivery.latency()).isLessThan(bound);
            assertThat(db.count(delivery.id())).isEqualTo(1);
        });
    }

    /** A signed delivery on a connection of its own, as Stripe sends one: its answer (0 for none) and latency. */
    private record Delivery(String id, int status, Duration latency) {

        static Delivery send(int port, Duration timeout) throws IOException {
            String id = TestEvents.newId();
            try (RawConnection stripe = RawConnection.open(port)) {
                stripe.send(RawConnection.delivery(TestEvents.event(id, "invoice.paid"), SECRET));
                int status;
                try {
                    status = stripe.readStatus(timeout);
                } catch (SocketTimeoutException e) {
                    status = 0;
                }
                return new Delivery(id, status, Duration.ofNanos(System.nanoTime() - stripe.connectedAt()));
            }
        }
    }

    private static String range(List<Duration> times) {
        LongSummaryStatistics millis =
                times.stream().mapToLong(Duration::toMillis).summaryStatistics();
        return times.isEmpty() ? "-" : millis.getMin() + " to " + millis.getMax();
    }

    /** Where a hostile client stops: each way holds a connection no handler is reading from. */
    private enum Stall {
        /** Headers never finished. */
        HEADERS(
                RawConnection.head("POST", "/webhooks/stripe", "Content-Type: application/json")
                        .substring(0, 60),
                0),
        /** A delivery's body, all but its last byte: read by the body reader, or refused for the large-body budget. */
        WEBHOOK_BODY(
                RawConnection.head(
                        "POST",
                        "/webhooks/stripe",
                        "Content-Type: application/json",
                        "Stripe-Signature: t=1,v1=00",
                        "Content-Length: " + DECLARED),
                DECLARED - 1),
        /** A body refused at once (415) that the server drains, waiting for the last byte. */
        REFUSED_BODY(
                RawConnection.head(
                        "POST", "/webhooks/stripe", "Content-Type: text/plain", "Content-Length: " + DECLARED),
                DECLARED - 1),
        /** A body for a path that does not exist (404), drained the same way. */
        OTHER_PATH_BODY(
                RawConnection.head(
                        "POST", "/elsewhere", "Content-Type: application/json", "Content-Length: " + DECLARED),
                DECLARED - 1);

        private final String head;
        private final int filler;

        Stall(String head, int filler) {
            this.head = head;
            this.filler = filler;
        }

        /** Connects, stalls, and returns how long after connecting the server closed; null if not within atMost. */
        Duration holdOnce(int port, Duration atMost) throws IOException {
            try (RawConnection client = RawConnection.open(port)) {
                try {
                    client.send(head).sendFiller(filler);
                } catch (IOException e) {
                    // Closed (or refused) before all of it was written.
                    return Duration.ofNanos(System.nanoTime() - client.connectedAt());
                }
                return client.awaitClosed(client.connectedAt(), atMost);
            }
        }
    }

    /** Sends headers and all but the last byte of a 1 MiB body, then waits; returns how long until the server closed. */
    private Duration stallMidBody() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", receiver.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            long stalledAt;
            try {
                out.write(("POST /webhooks/stripe HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "Stripe-Signature: t=1,v1=00\r\nContent-Length: " + DECLARED + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'x');
                int remaining = DECLARED - 1;
                while (remaining > 0) {
                    int n = Math.min(chunk.length, remaining);
                    out.write(chunk, 0, n);
                    remaining -= n;
                }
                out.flush();
                stalledAt = System.nanoTime();
            } catch (IOException e) {
                // Refused before the body was all sent (503, connection closed): closed at once.
                return Duration.ZERO;
            }
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // an answer (408 or 503) may come first; the connection must end after it
                }
            } catch (IOException e) {
                // reset: closed too
            }
            return Duration.ofNanos(System.nanoTime() - stalledAt);
        }
    }

    /** The receiver's used heap in bytes, from the JDK's jstat (survivor, eden and old generation use). */
    private long usedHeap() throws IOException, InterruptedException {
        Path jstat =
                Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jstat");
        Process process = new ProcessBuilder(
                        jstat.toString(),
                        "-gc",
                        Long.toString(receiver.process().pid()))
                .redirectErrorStream(true)
                .start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        process.waitFor(30, TimeUnit.SECONDS);
        if (lines.size() < 2) {
            return 0;
        }
        List<String> columns = List.of(lines.get(0).trim().split("\\s+"));
        String[] values = lines.get(1).trim().split("\\s+");
        double kib = 0;
        for (String used : List.of("S0U", "S1U", "EU", "OU")) {
            kib += Double.parseDouble(values[columns.indexOf(used)]);
        }
        return (long) (kib * 1024);
    }
}
