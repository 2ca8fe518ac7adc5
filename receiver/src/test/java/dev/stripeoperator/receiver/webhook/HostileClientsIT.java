package dev.stripeoperator.receiver.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.receiver.testing.ReceiverProcess;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receiver with a small heap under clients that declare a 1 MiB body, send all but its last byte and stall:
 * signed deliveries still get 200 promptly, every stalled connection is closed within the body read timeout, and
 * the JVM (which exits on OutOfMemoryError) lives on. Without the bounds, 300 such bodies would need 300 MiB.
 */
class HostileClientsIT {

    private static final String SECRET = "whsec_hostile_clients_it";
    private static final int STALLED = 300;
    private static final int DECLARED = 1024 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
    private static final String HEAP = "-Xmx128m";

    private TestDatabase db;
    private ReceiverProcess receiver;

    @BeforeEach
    void start() {
        db = TestDatabase.start();
        receiver = ReceiverProcess.start(
                db,
                List.of(HEAP, "-XX:+ExitOnOutOfMemoryError"),
                Map.of("STRIPE_WEBHOOK_SECRET", SECRET, "BODY_READ_TIMEOUT", READ_TIMEOUT.toSeconds() + "s"));
    }

    @AfterEach
    void stop() {
        receiver.close();
        db.close();
    }

    @Test
    void stalledBodiesAreClosedWithinTheTimeoutWhileSignedDeliveriesGet200AndTheHeapHolds() throws Exception {
        List<Future<Duration>> stalled = new ArrayList<>();
        long peakHeap = 0;
        List<Duration> ackTimes = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .build()) {
            for (int i = 0; i < STALLED; i++) {
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
                assertThat(connection.get(READ_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS))
                        .as("a stalled connection is closed within the body read timeout")
                        .isLessThan(READ_TIMEOUT.plusSeconds(5));
            }
        }
        peakHeap = Math.max(peakHeap, usedHeap());
        assertThat(receiver.process().isAlive())
                .as("no OutOfMemoryError:\n%s", receiver.output())
                .isTrue();
        // Promptly: far inside the 10 s ack timeout and Stripe's own, on 2 cores shared with 300 clients sending.
        assertThat(ackTimes).allSatisfy(t -> assertThat(t).isLessThan(Duration.ofSeconds(5)));
        assertThat(receiver.status(ReceiverImage.LIVENESS_PATH)).isEqualTo(200);
        System.out.printf(
                "HostileClientsIT: %d stalled 1 MiB bodies, %s heap: peak used heap %.1f MiB, slowest ack %d ms%n",
                STALLED,
                HEAP,
                peakHeap / 1048576.0,
                ackTimes.stream().mapToLong(Duration::toMillis).max().orElse(0));
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
