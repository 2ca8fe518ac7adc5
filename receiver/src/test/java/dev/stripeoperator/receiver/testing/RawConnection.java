package dev.stripeoperator.receiver.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * One client connection written byte by byte, as a hostile or slow client writes it: requests that stop anywhere,
 * answers read on the same connection, and the moment the server closes it.
 */
public final class RawConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final long connectedAt;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.connectedAt = System.nanoTime();
    }

    /** Connects to the port on loopback. */
    public static RawConnection open(int port) {
        try {
            return new RawConnection(new Socket("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The head of a request with these headers ({@code Name: value} each), ending with the empty line. */
    public static String head(String method, String path, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** A signed delivery of this payload, whole. */
    public static String delivery(String payload, String secret) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        return head(
                        "POST",
                        RunningReceiver.PATH,
                        "Content-Type: application/json",
                        "Stripe-Signature: " + StripeSigner.sign(payload, secret),
                        "Content-Length: " + body.length)
                + payload;
    }

    /** Writes text (ASCII, or UTF-8 for a payload). */
    public RawConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes. */
    public RawConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Writes this many bytes of filler, such as all but the last byte of a declared body. */
    public RawConnection sendFiller(int length) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        for (int remaining = length; remaining > 0; remaining -= chunk.length) {
            out.write(chunk, 0, Math.min(chunk.length, remaining));
        }
        out.flush();
        return this;
    }

    /** Reads one answer (status line, headers and a {@code Content-Length} body) and returns its status code. */
    public int readStatus(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        String statusLine = line();
        int length = 0;
        for (String header = line(); !header.isEmpty(); header = line()) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        header.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    /**
     * Waits until the server closes the connection (end of stream or reset), reading and dropping any answer before;
     * returns how long after {@code since} ({@link System#nanoTime()}) that was, or null if it stayed open for
     * {@code atMost}.
     */
    public Duration awaitClosed(long since, Duration atMost) throws IOException {
        socket.setSoTimeout((int) atMost.toMillis());
        byte[] buffer = new byte[8192];
        try {
            while (in.read(buffer) >= 0) {
                // an answer (415, 503) may come before the close
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            // reset: closed too
        }
        return Duration.ofNanos(System.nanoTime() - since);
    }

    /** When this connection was opened, on {@link System#nanoTime()}'s clock. */
    public long connectedAt() {
        return connectedAt;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of an answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
