package dev.stripeoperator.receiver.webhook;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * Closes every connection whose request has not arrived whole, headers and body, within a deadline counted from the
 * connection's accept (or, on a kept-alive connection, from a later request's first line), whether or not anything
 * reads its body, and every kept-alive connection idle for as long after its last answer: stalled or idle clients
 * cannot keep the connection slots ({@code MAX_CONNECTIONS}) from Stripe.
 *
 * <p>Helidon has no such bound: its idle timeout ends only connections waiting for a request line, and a body that
 * no handler reads (a refused request's, or one waiting for the large-body budget) is read by no timed reader.
 */
public final class RequestDeadlines implements AutoCloseable {

    private final Duration timeout;
    private final Runnable onClose;
    private final Set<ConnectionDeadline> watched = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper;

    /**
     * @param timeout how long a request may take to arrive whole
     * @param onClose called for each connection closed in the middle of a request because its deadline passed
     */
    public RequestDeadlines(Duration timeout, Runnable onClose) {
        this.timeout = timeout;
        this.onClose = onClose;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("request-deadlines").daemon().factory());
        // One sweep a tenth of the timeout (0.1 to 1 s): connections end at most that late, for a cost per sweep
        // that is one look at each open connection, at most MAX_CONNECTIONS.
        long period = Math.clamp(timeout.toMillis() / 10, 100, 1000);
        executor.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
        this.sweeper = executor;
    }

    /**
     * The HTTP/1.1 protocol with every connection under a deadline: the server's only connection selector (with
     * protocol discovery off), so that each connection is wrapped the moment it is accepted.
     */
    public ServerConnectionSelector http1() {
        RequestProgress progress = new RequestProgress();
        Http1Config config = Http1Config.builder()
                .addReceiveListener(progress)
                .addSendListener(progress)
                .build();
        return new Selector(Http1ConnectionSelector.builder().config(config).build());
    }

    void watch(ConnectionDeadline deadline) {
        watched.add(deadline);
    }

    void forget(ConnectionDeadline deadline) {
        watched.remove(deadline);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (ConnectionDeadline deadline : watched) {
            if (deadline.passed(now) && watched.remove(deadline)) {
                try {
                    deadline.closeConnection();
                } catch (RuntimeException e) {
                    // The socket is closed or broken either way; and a sweep that threw would end every later one,
                    // leaving all connections without their deadline.
                }
                if (!deadline.idle()) {
                    onClose.run();
                }
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    /** Helidon's HTTP/1.1 selector, each of its connections wrapped as it is accepted. */
    private final class Selector implements ServerConnectionSelector {

        private final ServerConnectionSelector http1;

        private Selector(ServerConnectionSelector http1) {
            this.http1 = http1;
        }

        @Override
        public int bytesToIdentifyConnection() {
            return http1.bytesToIdentifyConnection();
        }

        @Override
        public Support supports(BufferData data) {
            return http1.supports(data);
        }

        @Override
        public Set<String> supportedApplicationProtocols() {
            return http1.supportedApplicationProtocols();
        }

        @Override
        public ServerConnection connection(ConnectionContext ctx) {
            return new DeadlinedConnection(
                    http1.connection(ctx), new ConnectionDeadline(ctx.serverSocket(), timeout), RequestDeadlines.this);
        }
    }

    /** Tells each connection's deadline where its request is, from Helidon's view of the bytes it reads and sends. */
    private static final class RequestProgress implements Http1ConnectionListener {

        @Override
        public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
            ConnectionDeadline.ofThisThread().ifPresent(ConnectionDeadline::requestStarted);
        }

        @Override
        public void headers(ConnectionContext ctx, Headers headers) {
            if (!hasBody(headers)) {
                ConnectionDeadline.ofThisThread().ifPresent(ConnectionDeadline::requestIn);
            }
        }

        @Override
        public void status(ConnectionContext ctx, Status status) {
            ConnectionDeadline.ofThisThread().ifPresent(ConnectionDeadline::answered);
        }

        /** As Helidon decides it; a malformed length counts as a body (Helidon refuses the request). */
        private static boolean hasBody(Headers headers) {
            if (headers.contains(HeaderNames.TRANSFER_ENCODING)) {
                return true;
            }
            try {
                return headers.contentLength().orElse(0) != 0;
            } catch (IllegalArgumentException e) {
                return true;
            }
        }
    }
}
