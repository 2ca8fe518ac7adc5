package dev.stripeoperator.receiver.webhook;

import java.time.Duration;
import java.util.Optional;

import io.helidon.common.socket.HelidonSocket;

/**
 * When one connection's current request must have arrived whole, headers and body: set when the connection is
 * accepted and, on a kept-alive connection, when a later request's first line arrives; lifted once the request is in.
 * A kept-alive connection waiting for its next request is under the same bound from its last answer, so that idle
 * connections cannot keep the slots either (Helidon's own idle timeout is 5 minutes).
 */
final class ConnectionDeadline {

    // Helidon reads an HTTP/1.1 connection and runs its requests' handlers on the connection's own thread, so the
    // listeners and the body reader find the deadline of their connection here, without a lookup.
    private static final ThreadLocal<ConnectionDeadline> OF_THIS_THREAD = new ThreadLocal<>();
    private static final long NONE = Long.MAX_VALUE;

    private final HelidonSocket socket;
    private final long timeoutNanos;
    private volatile long due;
    // Only the connection's thread reads and writes this.
    private boolean nextRequestStartsAnew;
    // Written by the connection's thread, read by the sweep.
    private volatile boolean idle;

    ConnectionDeadline(HelidonSocket socket, Duration timeout) {
        this.socket = socket;
        this.timeoutNanos = timeout.toNanos();
        this.due = System.nanoTime() + timeoutNanos;
    }

    /** The deadline of the connection this thread serves, if it serves one under a deadline. */
    static Optional<ConnectionDeadline> ofThisThread() {
        return Optional.ofNullable(OF_THIS_THREAD.get());
    }

    void bindToThisThread() {
        OF_THIS_THREAD.set(this);
    }

    void unbindFromThisThread() {
        OF_THIS_THREAD.remove();
    }

    /** A request's first line arrived: a request after an answered one has its own deadline from now. */
    void requestStarted() {
        if (nextRequestStartsAnew) {
            nextRequestStartsAnew = false;
            due = System.nanoTime() + timeoutNanos;
            idle = false;
        }
    }

    /** The request's headers and body are in. */
    void requestIn() {
        due = NONE;
    }

    /**
     * The request was answered. A body nobody read stays under the request's deadline while the server drains it
     * (or fails to parse it as the next request); a request that was in leaves the connection idle, and the next
     * one must start before the same timeout has passed.
     */
    void answered() {
        nextRequestStartsAnew = true;
        if (due == NONE) {
            idle = true;
            due = System.nanoTime() + timeoutNanos;
        }
    }

    /** Whether the connection is waiting for its next request, not in the middle of one. */
    boolean idle() {
        return idle;
    }

    /** Whether the deadline has passed at {@code now} ({@link System#nanoTime()}). */
    boolean passed(long now) {
        long at = due;
        return at != NONE && now - at >= 0;
    }

    /** Whether the deadline has passed. */
    boolean passed() {
        return passed(System.nanoTime());
    }

    /** Closes the connection: a read or write blocked on it fails at once, and its slot is freed. */
    void closeConnection() {
        socket.close();
    }
}
