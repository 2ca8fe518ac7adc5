package dev.stripeoperator.receiver.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.stripeoperator.receiver.testing.LoopbackRelay;
import dev.stripeoperator.receiver.testing.ReceiverProcess;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM under load, the way the kubelet stops a pod: every request that reached the receiver gets a whole answer,
 * 200 (committed) or 503 (retry), none finds its connection reset, and every 200 is in the table. The database is
 * slowed down so that commits take about two seconds: requests are still waiting for theirs when the signal comes.
 */
class ShutdownIT {

    private static final String SECRET = "whsec_shutdown_it";
    private static final int CLIENTS = 16;

    private TestDatabase db;
    private LoopbackRelay network;
    private ReceiverProcess receiver;

    @BeforeEach
    void start() {
        db = TestDatabase.start();
        network = LoopbackRelay.start(db.port());
        receiver = ReceiverProcess.start(
                db,
                List.of("-Xmx256m"),
                Map.of(
                        "STRIPE_WEBHOOK_SECRET",
                        SECRET,
                        "DATABASE_URL",
                        "jdbc:postgresql://127.0.0.1:" + network.port() + "/postgres?user=postgres"));
        network.delay(Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        receiver.close();
        network.close();
        db.close();
    }

    @Test
    void sigtermUnderLoadAnswersEveryRequestWith200Or503AndResetsNone() throws Exception {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> broken = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int exit;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        String id = TestEvents.newId();
                        Exchange exchange = exchange(id);
                        if (exchange.refused()) {
                            return null; // nothing listens any more: the Service would have stopped routing here
                        }
                        if (exchange.error() != null) {
                            broken.add(id + ": " + exchange.error());
                            return null;
                        }
                        statuses.computeIfAbsent(exchange.status(), s -> new AtomicInteger())
                                .incrementAndGet();
                        if (exchange.status() == 200) {
                            acknowledged.add(id);
                        } else {
                            // Stripe's retries wait too; Retry-After asks for 5 s.
                            Thread.sleep(5_000);
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(5_000);
            assertThat(acknowledged).as("the load runs before the signal").isNotEmpty();
            exit = receiver.terminate(Duration.ofSeconds(60));
        }

        assertThat(broken).as("requests whose connection broke").isEmpty();
        assertThat(statuses.keySet()).as("statuses answered").containsAnyOf(200).isSubsetOf(200, 503);
        assertThat(exit).as("exit after SIGTERM:\n%s", receiver.output()).isIn(0, 143);
        for (String id : acknowledged) {
            assertThat(db.count(id)).as("acknowledged %s is stored", id).isEqualTo(1);
        }
        System.out.printf(
                "ShutdownIT: %s answers by status, %d acknowledged and stored%n", statuses, acknowledged.size());
    }

    /** Reads one HTTP/1.1 answer with a Content-Length body; null when the connection ends before all of it. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while (!head.toString().endsWith("\r\n\r\n")) {
            if ((b = in.read()) < 0) {
                return null;
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length =
                java.util.regex.Pattern.compile("(?i)content-length: *([0-9]+)").matcher(head);
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        byte[] body = in.readNBytes(bodyLength);
        if (body.length < bodyLength || !head.toString().startsWith("HTTP/1.1 ")) {
            return null;
        }
        return head + new String(body, StandardCharsets.UTF_8);
    }

    private record Exchange(int status, boolean refused, String error) {}

    /** One signed delivery on a connection of its own; a refused connect means the socket was closed already. */
    private Exchange exchange(String id) {
        String payload = TestEvents.event(id, "invoice.paid");
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        Socket socket;
        try {
            socket = new Socket("127.0.0.1", receiver.port());
        } catch (ConnectException e) {
            return new Exchange(0, true, null);
        } catch (IOException e) {
            return new Exchange(0, false, "connect: " + e);
        }
        try (socket) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/stripe HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                            + "Content-Type: application/json\r\nStripe-Signature: "
                            + StripeSigner.sign(payload, SECRET)
                            + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String response = readResponse(socket.getInputStream());
            if (response == null) {
                return new Exchange(0, false, "the connection ended before a whole answer");
            }
            return new Exchange(Integer.parseInt(response.substring(9, 12)), false, null);
        } catch (IOException e) {
            return new Exchange(0, false, e.toString());
        }
    }
}
