package dev.stripeoperator.receiver.forwarding;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.stripeoperator.receiver.observe.LogLines;

/**
 * Takes due events of one endpoint from the queue and sends each to the sink on its own thread, at most
 * {@code concurrency} at a time; no database connection is held while waiting on the sink.
 */
final class ForwardingWorker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ForwardingWorker.class.getName());

    private final ForwardingConfig config;
    private final String endpoint;
    private final ForwardingQueue queue;
    private final AttemptRecorder outcomes;
    private final SinkClient sink;
    private final Backoff backoff;
    private final ForwardingMetrics metrics;
    private final Semaphore slots;
    private volatile boolean stopping;
    /** Released to end an idle wait early: new events were committed, or the worker is stopping. */
    private final Semaphore wakeUp = new Semaphore(0);

    private final ExecutorService attempts;
    private final Thread poller;

    ForwardingWorker(
            ForwardingConfig config,
            String endpoint,
            ForwardingQueue queue,
            SinkClient sink,
            Backoff backoff,
            ForwardingMetrics metrics) {
        this.config = config;
        this.endpoint = endpoint;
        this.queue = queue;
        this.outcomes = new AttemptRecorder(queue);
        this.sink = sink;
        this.backoff = backoff;
        this.metrics = metrics;
        this.slots = new Semaphore(config.concurrency());
        this.attempts = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("forwarding-", 0).factory());
        this.poller = Thread.ofPlatform().name("forwarding-poller").daemon().unstarted(this::poll);
    }

    void start() {
        poller.start();
    }

    /** Looks for due events now instead of at the next poll; cheap enough to call after every commit. */
    void wakeUp() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    private void poll() {
        while (!stopping) {
            try {
                // Bounded wait, so that a stop request is seen without interrupting a claim on the database.
                if (!slots.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int free = 1 + slots.drainPermits();
                List<ClaimedEvent> claimed = claim(free);
                slots.release(free - claimed.size());
                for (ClaimedEvent event : claimed) {
                    attempts.execute(() -> {
                        try {
                            forward(event);
                        } finally {
                            slots.release();
                        }
                    });
                }
                // A full batch means more may be due right away; otherwise wait for the next poll.
                if (claimed.size() < free) {
                    wakeUp.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                // The poller must outlive anything: without it nothing is delivered until a restart.
                LogLines.forwarding(endpoint, "poller_failed", e.toString()).log(LOG, Level.SEVERE);
            }
        }
    }

    /** How long outcomes have waited to be written (liveness). */
    Duration stalledFor() {
        return outcomes.stalledFor();
    }

    private List<ClaimedEvent> claim(int limit) throws InterruptedException {
        try {
            return queue.claim(limit);
        } catch (SQLException | RuntimeException e) {
            // The poller must outlive any failure; the claim is tried again at the next poll.
            LogLines.forwarding(endpoint, "claim_failed", e.getMessage()).log(LOG, Level.WARNING);
            return List.of();
        }
    }

    private void forward(ClaimedEvent event) {
        long started = System.nanoTime();
        try {
            AttemptResult outcome = event.attempt() > config.maxAttempts()
                    // The previous holder died during the last allowed attempt; whether it reached the sink is unknown.
                    ? AttemptResult.dead(
                            event, "gave up after " + config.maxAttempts() + " attempts (the last one was abandoned)")
                    : outcomeOf(event, sink.send(event));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            // Bounded: past the lease the row is another attempt's anyway.
            boolean stored = outcomes.record(outcome).get(config.lease().toMillis(), TimeUnit.MILLISECONDS);
            report(outcome, elapsed, stored);
        } catch (InterruptedException e) {
            // Stopping: the row stays leased and is taken up again when the lease runs out.
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            String why = e instanceof TimeoutException
                    ? "no write within the lease"
                    : String.valueOf(e.getCause().getMessage());
            LogLines.forwardingNotRecorded(endpoint, event.id(), event.type(), why)
                    .log(LOG, Level.WARNING);
        }
    }

    private AttemptResult outcomeOf(ClaimedEvent event, SinkResult result) {
        return switch (result) {
            case SinkResult.Delivered delivered -> AttemptResult.delivered(event);
            case SinkResult.Rejected rejected -> AttemptResult.dead(event, rejected.reason());
            case SinkResult.Retry retry
            when event.attempt() >= config.maxAttempts() ->
                AttemptResult.dead(event, retry.reason() + " (gave up after " + event.attempt() + " attempts)");
            case SinkResult.Retry retry -> AttemptResult.retry(event, delay(event.attempt(), retry), retry.reason());
        };
    }

    /** The sink's Retry-After is honoured (never earlier), but not beyond the longest backoff. */
    private Duration delay(int attempt, SinkResult.Retry retry) {
        Duration delay = backoff.delayAfter(attempt);
        return retry.retryAfter()
                .map(asked -> asked.compareTo(config.backoffMax()) > 0 ? config.backoffMax() : asked)
                .filter(asked -> asked.compareTo(delay) > 0)
                .orElse(delay);
    }

    private void report(AttemptResult outcome, Duration elapsed, boolean stored) {
        ClaimedEvent event = outcome.event();
        metrics.attempt(outcome.outcome(), elapsed);
        if (stored
                && outcome.outcome() == ForwardingOutcome.DELIVERED
                && event.mismatchedApiVersion().isPresent()) {
            metrics.apiVersionMismatchDelivered();
        }
        LogLines.forwardingAttempt(
                        endpoint,
                        event.id(),
                        event.type(),
                        event.attempt(),
                        outcome.outcome().tag(),
                        elapsed.toNanos(),
                        outcome.error(),
                        outcome.outcome() == ForwardingOutcome.RETRY ? outcome.retryDelay() : null,
                        stored)
                .log(LOG, stored && outcome.outcome() == ForwardingOutcome.DELIVERED ? Level.INFO : Level.WARNING);
    }

    /** Stops claiming, lets attempts in flight finish (each is bounded by the sink timeout), then stops. */
    @Override
    public void close() {
        stopping = true;
        wakeUp.release();
        try {
            poller.join();
            attempts.shutdown();
            if (!attempts.awaitTermination(config.sinkTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                attempts.shutdownNow();
            }
        } catch (InterruptedException e) {
            attempts.shutdownNow();
            Thread.currentThread().interrupt();
        }
        outcomes.close();
        sink.close();
    }
}
