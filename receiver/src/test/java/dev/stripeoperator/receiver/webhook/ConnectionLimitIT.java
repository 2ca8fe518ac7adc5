package dev.stripeoperator.receiver.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.receiver.testing.RunningReceiver;
import dev.stripeoperator.receiver.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** MAX_CONNECTIONS bounds the connections served at once: one more waits until another closes. */
class ConnectionLimitIT {

    private static final String LIVE = "GET /observe/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n";

    private TestDatabase db;
    private RunningReceiver receiver;

    @BeforeEach
    void start() {
        db = TestDatabase.start();
        receiver = RunningReceiver.start(db, Map.of("STRIPE_WEBHOOK_SECRET", "whsec_limit", "MAX_CONNECTIONS", "3"));
    }

    @AfterEach
    void stop() {
        receiver.close();
        db.close();
    }

    @Test
    void aConnectionBeyondTheLimitWaitsUntilOneCloses() throws IOException {
        List<Socket> held = new ArrayList<>();
        Socket waiting = null;
        try {
            // Keep-alive connections, each answered and then idle, until one is not served.
            for (int i = 0; i < 6 && waiting == null; i++) {
                Socket socket = new Socket("127.0.0.1", receiver.port());
                socket.getOutputStream().write(LIVE.getBytes(StandardCharsets.US_ASCII));
                if (answer(socket, 1_000).startsWith("HTTP/1.1 200")) {
                    held.add(socket);
                } else {
                    waiting = socket;
                }
            }
            assertThat(waiting)
                    .as("a connection beyond MAX_CONNECTIONS=3 waits")
                    .isNotNull();
            // The readiness poll of the start may still hold one slot with its own keep-alive connection.
            assertThat(held).hasSizeBetween(2, 3);

            for (Socket socket : held) {
                socket.close();
            }

            assertThat(answer(waiting, 10_000))
                    .as("served once the others closed")
                    .startsWith("HTTP/1.1 200");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
            if (waiting != null) {
                waiting.close();
            }
        }
    }

    /** What arrives on the socket within the time, or "" when nothing does. */
    private static String answer(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[512];
        try {
            int read = in.read(buffer);
            return read <= 0 ? "" : new String(buffer, 0, read, StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException e) {
            return "";
        }
    }
}
