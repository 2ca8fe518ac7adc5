package dev.stripeoperator.receiver;

import java.util.ArrayDeque;
import java.util.Deque;

/** What a start has opened so far, closed in reverse order: at stop, or at once when a later step fails. */
final class OpenResources implements AutoCloseable {

    private final Deque<Runnable> closes = new ArrayDeque<>();

    /** Remembers how to close something just opened; it is closed before everything opened earlier. */
    void add(Runnable close) {
        closes.push(close);
    }

    /** Closes everything, the last added first; a close that throws stops the rest, as a chain of calls would. */
    @Override
    public void close() {
        while (!closes.isEmpty()) {
            closes.pop().run();
        }
    }
}
