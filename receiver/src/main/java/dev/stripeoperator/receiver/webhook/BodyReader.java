package dev.stripeoperator.receiver.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.helidon.webserver.http.ServerRequest;

/**
 * Reads request bodies within bounds a hostile client cannot stretch: each body must arrive within a deadline (a
 * client that stalls mid-body has its connection closed), and bodies larger than a small one share a fixed budget
 * of bytes, so that many clients declaring large bodies cannot pin the heap while small deliveries keep flowing.
 */
public final class BodyReader implements AutoCloseable {

    /** Bodies up to this size need no share of the budget: Stripe's events are mostly a few KB. */
    static final int SMALL_BODY = 64 * 1024;

    /** The body could not be read in time; the connection has been closed. */
    static final class TimedOut extends Exception {
        private final Rejection rejection;

        TimedOut(Rejection rejection, Throwable cause) {
            super(rejection.reason(), cause);
            this.rejection = rejection;
        }

        /** Which deadline passed: the body's own, or the whole request's ({@link RequestDeadlines}). */
        Rejection rejection() {
            return rejection;
        }
    }

    /** A body that read fully, and the share of the budget it holds until {@link #close()}. */
    static final class Body implements AutoCloseable {
        private final byte[] bytes;
        private final Semaphore budget;
        private final int held;

        private Body(byte[] bytes, Semaphore budget, int held) {
            this.bytes = bytes;
            this.budget = budget;
            this.held = held;
        }

        byte[] bytes() {
            return bytes;
        }

        @Override
        public void close() {
            budget.release(held);
        }
    }

    private final Duration deadline;
    private final Semaphore largeBodyBytes;
    private final ScheduledThreadPoolExecutor watchdog;

    /**
     * @param deadline how long a body may take to arrive once the request's headers are in
     * @param largeBodyBudget bytes that bodies larger than {@value #SMALL_BODY} may hold at once
     */
    public BodyReader(Duration deadline, long largeBodyBudget) {
        this.deadline = deadline;
        this.largeBodyBytes = new Semaphore((int) Math.min(largeBodyBudget, Integer.MAX_VALUE));
        this.watchdog = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("body-deadline").daemon().factory());
        this.watchdog.setRemoveOnCancelPolicy(true);
    }

    /**
     * Reads the body: exactly its declared length (already checked against the limit), or for a chunked body at most
     * {@code limit} bytes, so that an oversized body is never buffered whole.
     *
     * @return the body, or null when a large body finds the budget spent (the caller answers 503 without reading)
     * @throws TimedOut when the body did not arrive within its deadline or the request's
     */
    Body read(ServerRequest req, OptionalLong declared, long limit) throws TimedOut {
        if (!req.content().hasEntity()) {
            return new Body(new byte[0], largeBodyBytes, 0);
        }
        long expected = declared.orElse(limit);
        int share = expected > SMALL_BODY ? (int) Math.min(expected, Integer.MAX_VALUE) : 0;
        if (share > 0 && !largeBodyBytes.tryAcquire(share)) {
            return null;
        }
        // A virtual thread blocked in a socket read is woken by an interrupt, which also closes the socket: that is
        // how a stalled body ends, since the server itself puts no timeout on reads.
        Thread reader = Thread.currentThread();
        AtomicBoolean reading = new AtomicBoolean(true);
        ScheduledFuture<?> alarm = watchdog.schedule(
                () -> {
                    if (reading.compareAndSet(true, false)) {
                        reader.interrupt();
                    }
                },
                deadline.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            byte[] bytes = readAtMost(req.content().inputStream(), declared, limit);
            if (!reading.compareAndSet(true, false)) {
                Thread.interrupted();
                throw new TimedOut(Rejection.BODY_READ_TIMEOUT, null);
            }
            alarm.cancel(false);
            ConnectionDeadline.ofThisThread().ifPresent(ConnectionDeadline::requestIn);
            return new Body(bytes, largeBodyBytes, share);
        } catch (RuntimeException e) {
            alarm.cancel(false);
            largeBodyBytes.release(share);
            if (!reading.compareAndSet(true, false)) {
                Thread.interrupted();
                throw new TimedOut(Rejection.BODY_READ_TIMEOUT, e);
            }
            if (ConnectionDeadline.ofThisThread()
                    .filter(ConnectionDeadline::passed)
                    .isPresent()) {
                // The request's deadline closed the connection under the read.
                throw new TimedOut(Rejection.REQUEST_READ_TIMEOUT, e);
            }
            throw e;
        } catch (TimedOut e) {
            largeBodyBytes.release(share);
            throw e;
        }
    }

    private static byte[] readAtMost(InputStream in, OptionalLong declared, long limit) {
        try {
            if (declared.isPresent()) {
                return in.readNBytes((int) declared.getAsLong());
            }
            // Grows with what arrives, never past the limit: memory follows the bytes the client actually sent.
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buffer = new byte[8192];
            long remaining = Math.min(limit, Integer.MAX_VALUE - 8);
            int read;
            while (remaining > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining))) > 0) {
                out.write(buffer, 0, read);
                remaining -= read;
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
