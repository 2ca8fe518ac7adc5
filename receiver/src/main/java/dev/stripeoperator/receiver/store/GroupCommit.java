package dev.stripeoperator.receiver.store;

import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Group commit in front of {@link EventStore}: concurrent deliveries queue their rows, a few writer threads
 * each take whatever is queued (up to a bound), insert it in one transaction, and only after that commit
 * complete each delivery's answer. Under load many deliveries share one commit instead of one each.
 */
public final class GroupCommit implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    private final EventStore store;
    private final BlockingQueue<Pending> queue;
    private final int maxBatch;
    private final IntConsumer batchSizes;
    private final List<Thread> writers;
    private volatile boolean closing;

    /**
     * Starts the writers.
     *
     * @param writers how many batches may be in flight at once
     * @param maxBatch the most rows one transaction takes
     * @param maxQueued the most rows waiting for a writer; beyond it deliveries are refused at once
     * @param batchSizes told the size of every committed batch (metrics)
     */
    public GroupCommit(EventStore store, int writers, int maxBatch, int maxQueued, IntConsumer batchSizes) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(maxQueued);
        this.maxBatch = maxBatch;
        this.batchSizes = batchSizes;
        this.writers = IntStream.range(0, writers)
                .mapToObj(i -> Thread.ofPlatform().name("event-writer-" + i).daemon().start(this::run))
                .toList();
    }

    /**
     * Queues the event for the next group commit.
     *
     * @return completes with true when the commit stored it first, false when it was a duplicate, or
     *         exceptionally with {@link StoreUnavailableException} when nothing was stored
     */
    public CompletableFuture<Boolean> submit(NewEvent event) {
        Pending pending = new Pending(event, new CompletableFuture<>());
        if (closing) {
            pending.fail(new StoreUnavailableException("the receiver is shutting down", null));
        } else if (!queue.offer(pending)) {
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

    /** Stops taking rows, commits what is queued, and stops the writers. */
    @Override
    public void close() {
        closing = true;
        for (Thread writer : writers) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // A delivery that queued while the writers were finishing gets a 503 rather than no answer.
        List<Pending> stranded = new ArrayList<>();
        queue.drainTo(stranded);
        stranded.forEach(p -> p.fail(new StoreUnavailableException("the receiver is shutting down", null)));
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            Pending first;
            try {
                first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                if (closing) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            write(batch);
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        Set<EventKey> stored;
        try {
            stored = store.insertAll(batch.stream().map(Pending::event).toList());
        } catch (SQLException e) {
            if (batch.size() > 1 && isRefusedRow(e)) {
                // One row the database will not take (an escaped NUL character, which jsonb refuses) must not
                // fail its neighbours on every retry: write them one by one so that only that delivery gets 503.
                batch.forEach(pending -> write(List.of(pending)));
            } else {
                fail(batch, e);
            }
            return;
        } catch (RuntimeException e) {
            fail(batch, e);
            return;
        }
        batchSizes.accept(batch.size());
        // The same event id twice in one batch: the first caller stored it, the later ones are duplicates.
        Set<EventKey> answered = new HashSet<>();
        for (Pending pending : batch) {
            EventKey key = EventKey.of(pending.event());
            pending.result().complete(stored.contains(key) && answered.add(key));
        }
    }

    private static void fail(List<Pending> batch, Exception e) {
        LOG.log(Level.WARNING, "group commit of {0} events failed, answering 503: {1}", batch.size(), e.getMessage());
        StoreUnavailableException failure = new StoreUnavailableException("database unavailable", e);
        batch.forEach(p -> p.fail(failure));
    }

    /** SQL state class 22 (data exception): the statement reached the database and a value was refused. */
    private static boolean isRefusedRow(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("22");
    }

    /** One delivery waiting for its commit. */
    private record Pending(NewEvent event, CompletableFuture<Boolean> result) {
        void fail(StoreUnavailableException failure) {
            result.completeExceptionally(failure);
        }
    }
}
