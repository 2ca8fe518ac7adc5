package dev.stripeoperator.receiver.forwarding;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.stripeoperator.receiver.observe.LogLines;

/**
 * Writes attempt outcomes in groups: all outcomes ready at the same moment share one statement and one
 * commit, so a fast sink is not held back by one commit per event.
 */
final class AttemptRecorder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AttemptRecorder.class.getName());
    private static final int MAX_BATCH = 256;
    /** How often the writer looks whether it should stop when no outcome comes. */
    private static final long IDLE_CHECK_MILLIS = 100;

    private record QueuedOutcome(AttemptResult outcome, CompletableFuture<Boolean> stored, long queuedAt) {}

    private final ForwardingQueue queue;
    private final BlockingQueue<QueuedOutcome> pending = new LinkedBlockingQueue<>();
    /** When the group being written was taken (System.nanoTime), or 0 while none is. */
    private final AtomicLong groupTakenAt = new AtomicLong();

    private final Thread writer;
    private volatile boolean stopping;

    AttemptRecorder(ForwardingQueue queue) {
        this.queue = queue;
        this.writer = Thread.ofPlatform().name("forwarding-outcomes").daemon().start(this::write);
    }

    /**
     * Queues the outcome for the next group; the future tells whether it was stored (false: the claim was
     * lost meanwhile), or fails with the database's error.
     */
    CompletableFuture<Boolean> record(AttemptResult outcome) {
        QueuedOutcome entry = new QueuedOutcome(outcome, new CompletableFuture<>(), System.nanoTime());
        pending.add(entry);
        return entry.stored();
    }

    /** How long outcomes have waited without being written: zero when none waits. */
    Duration stalledFor() {
        long now = System.nanoTime();
        long taken = groupTakenAt.get();
        long oldest = taken == 0 ? 0 : now - taken;
        QueuedOutcome head = pending.peek();
        return Duration.ofNanos(head == null ? oldest : Math.max(oldest, now - head.queuedAt()));
    }

    private void write() {
        List<QueuedOutcome> batch = new ArrayList<>(MAX_BATCH);
        while (!stopping || !pending.isEmpty()) {
            try {
                QueuedOutcome first = pending.poll(IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                groupTakenAt.set(System.nanoTime());
                batch.add(first);
                pending.drainTo(batch, MAX_BATCH - 1);
                Set<ForwardingQueue.Claim> stored =
                        queue.record(batch.stream().map(QueuedOutcome::outcome).toList());
                batch.forEach(entry -> entry.stored()
                        .complete(stored.contains(
                                ForwardingQueue.Claim.of(entry.outcome().event()))));
            } catch (SQLException e) {
                batch.forEach(entry -> entry.stored().completeExceptionally(e));
            } catch (InterruptedException e) {
                batch.forEach(entry -> entry.stored().completeExceptionally(e));
                return;
            } catch (Throwable e) {
                // Any other failure ends this group only: the loop goes on, or every later outcome would wait for ever.
                LogLines.forwardingWriterFailed(batch.size(), e.toString()).log(LOG, Level.SEVERE);
                batch.forEach(entry -> entry.stored().completeExceptionally(e));
            } finally {
                batch.clear();
                groupTakenAt.set(0);
            }
        }
    }

    /** Writes what is queued, then stops; call once no more outcomes come. */
    @Override
    public void close() {
        stopping = true;
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
