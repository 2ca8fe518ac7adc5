package dev.stripeoperator.receiver.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.stripeoperator.receiver.observe.LogLines;

/**
 * Group commit in front of {@link EventTable}: concurrent deliveries queue their rows, one writer thread takes
 * whatever is queued (up to a bound), inserts it in one transaction, and only after that commit completes each
 * delivery's answer. Under load many deliveries share one commit instead of one each. One writer, because while it
 * commits the deliveries that arrive meanwhile queue up for its next batch: measured with {@code make bench} on 2
 * cores, a second writer halved the rows per commit and cost the receiver and PostgreSQL about a third more CPU per
 * event (docs/bench.md).
 */
public final class GroupCommit implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    /** How much may wait for a writer: rows, and bytes of their bodies. */
    public record Limits(int maxBatch, int maxQueuedRows, long maxQueuedBytes) {}

    private final EventTable store;
    private final BlockingQueue<Pending> queue;
    private final Limits limits;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final BooleanSupplier ready;
    private final IntConsumer batchSizes;
    private final Thread writer;
    /** When the batch the writer holds was taken (System.nanoTime), or 0 while none is held. */
    private final AtomicLong batchTakenAt = new AtomicLong();

    private volatile boolean closing;

    /**
     * Starts the writer.
     *
     * @param ready false while the store cannot take rows yet (schema not migrated): deliveries are refused at once
     * @param batchSizes told the size of every committed batch (metrics)
     */
    public GroupCommit(EventTable store, Limits limits, BooleanSupplier ready, IntConsumer batchSizes) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(limits.maxQueuedRows());
        this.limits = limits;
        this.ready = ready;
        this.batchSizes = batchSizes;
        this.writer = Thread.ofPlatform().name("event-writer").daemon().start(this::run);
    }

    /**
     * Queues the event for the next group commit.
     *
     * @return completes with true when the commit stored it first, false when it was a duplicate, or
     *         exceptionally with {@link StoreUnavailableException} when nothing was stored
     */
    public CompletableFuture<Boolean> submit(NewEvent event) {
        Pending pending = new Pending(event, new CompletableFuture<>(), System.nanoTime());
        long bytes = event.body().length;
        if (closing) {
            pending.fail(new StoreUnavailableException("the receiver is shutting down", null));
        } else if (!ready.getAsBoolean()) {
            pending.fail(new StoreUnavailableException("the database is not ready yet", null));
        } else if (queuedBytes.addAndGet(bytes) > limits.maxQueuedBytes()) {
            queuedBytes.addAndGet(-bytes);
            pending.fail(new StoreUnavailableException("too many bytes are waiting for the database", null));
        } else if (!queue.offer(pending)) {
            queuedBytes.addAndGet(-bytes);
            pending.fail(new StoreUnavailableException("too many deliveries are waiting for the database", null));
        }
        return pending.result();
    }

    /**
     * Stores the event and waits for the commit that holds it.
     *
     * @return true when newly stored, false for a duplicate
     * @throws StoreUnavailableException when it was not committed within the timeout or the commit failed
     */
    public boolean store(NewEvent event, Duration timeout) throws StoreUnavailableException {
        try {
            return submit(event).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreUnavailableException unavailable) {
                throw unavailable;
            }
            throw new StoreUnavailableException("the store failed", e.getCause());
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("no commit within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the commit", e);
        }
    }

    /** Rows waiting for a writer. */
    public int queued() {
        return queue.size();
    }

    /** Bytes of the bodies waiting for a writer. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    /**
     * How long work has waited without a writer finishing it: the age of the batch a writer holds or of the oldest
     * queued row, whichever is older; zero when nothing waits. A writer that died or hangs shows here.
     */
    public Duration stalledFor() {
        long now = System.nanoTime();
        long oldest = 0;
        long taken = batchTakenAt.get();
        if (taken != 0) {
            oldest = now - taken;
        }
        Pending head = queue.peek();
        if (head != null) {
            oldest = Math.max(oldest, now - head.queuedAt());
        }
        return Duration.ofNanos(oldest);
    }

    /** Stops taking rows, commits what is queued, and stops the writer. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A delivery that queued while the writers were finishing gets a 503 rather than no answer.
        List<Pending> stranded = new ArrayList<>();
        queue.drainTo(stranded);
        stranded.forEach(p -> p.fail(new StoreUnavailableException("the receiver is shutting down", null)));
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(limits.maxBatch());
        while (true) {
            try {
                Pending first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batchTakenAt.set(System.nanoTime());
                batch.add(first);
                queue.drainTo(batch, limits.maxBatch() - 1);
                write(batch);
            } catch (InterruptedException e) {
                fail(batch, "the writer was interrupted", e);
                return;
            } catch (Throwable e) {
                // Whatever went wrong (a bug, an Error from a library), the deliveries in hand get their 503 and
                // the loop goes on: a writer that died would leave every later delivery waiting for its timeout.
                LogLines.groupCommitFailed("writer_failed", batch.size(), e.toString())
                        .log(LOG, Level.SEVERE);
                fail(batch, "the writer failed", e);
            } finally {
                batch.clear();
                batchTakenAt.set(0);
            }
        }
    }

    private void write(List<Pending> batch) {
        List<NewEvent> events = new ArrayList<>(batch.size());
        long bytes = 0;
        for (Pending pending : batch) {
            events.add(pending.event());
            bytes += pending.event().body().length;
        }
        queuedBytes.addAndGet(-bytes);
        EventTable.Inserted outcome;
        try {
            outcome = store.insertIsolating(events);
        } catch (SQLException e) {
            fail(batch, "database unavailable", e);
            LogLines.groupCommitFailed("commit_failed", batch.size(), EventTable.reason(e))
                    .log(LOG, Level.WARNING);
            return;
        }
        batchSizes.accept(batch.size() - outcome.refused().size());
        // The same event id twice in one batch: the first caller stored it, the later ones are duplicates.
        Set<EventKey> answered = new HashSet<>();
        for (Pending pending : batch) {
            EventKey key = EventKey.of(pending.event());
            SQLException refused = outcome.refused().get(key);
            if (refused != null) {
                pending.fail(new StoreUnavailableException("the database refused the event", refused));
            } else {
                pending.result().complete(outcome.stored().contains(key) && answered.add(key));
            }
        }
        for (Map.Entry<EventKey, SQLException> refused : outcome.refused().entrySet()) {
            // The reason only: PostgreSQL's detail and context lines quote the offending value.
            LogLines.groupCommitRefused(
                            refused.getKey().endpoint(), refused.getKey().id(), EventTable.reason(refused.getValue()))
                    .log(LOG, Level.WARNING);
        }
    }

    private static void fail(List<Pending> batch, String reason, Throwable cause) {
        StoreUnavailableException failure = new StoreUnavailableException(reason, cause);
        batch.forEach(p -> p.fail(failure));
    }

    /** One delivery waiting for its commit. */
    private record Pending(NewEvent event, CompletableFuture<Boolean> result, long queuedAt) {
        void fail(StoreUnavailableException failure) {
            result.completeExceptionally(failure);
        }
    }
}
