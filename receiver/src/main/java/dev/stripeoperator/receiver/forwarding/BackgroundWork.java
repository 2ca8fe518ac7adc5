package dev.stripeoperator.receiver.forwarding;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.observe.LogLines;
import io.helidon.metrics.api.MeterRegistry;

/**
 * The receiver's background work, started by {@code serve}: the forwarding worker when {@code SINK_URL}
 * is set, its backlog gauges, and (always) the retention sweep and the gauge of stored rows.
 */
public final class BackgroundWork implements AutoCloseable {

    // Under the class's former name: its log lines carry the logger, and read as before the rename.
    private static final Logger LOG = Logger.getLogger("dev.stripeoperator.receiver.forwarding.Forwarding");

    /** Backlog gauges are refreshed this often; a scrape never waits on the database. */
    private static final Duration STATS_INTERVAL = Duration.ofSeconds(10);

    /** The count of stored rows changes slowly and costs more to read than the backlog: refreshed this often. */
    private static final Duration STORED_EVENTS_INTERVAL = Duration.ofMinutes(1);

    private final String endpoint;
    private final ScheduledExecutorService housekeeping;
    private final Optional<ForwardingWorker> worker;
    private final Optional<ForwardingMetrics> metrics;
    private final StoredEventsGauge storedEvents;

    private BackgroundWork(
            String endpoint,
            ScheduledExecutorService housekeeping,
            Optional<ForwardingWorker> worker,
            Optional<ForwardingMetrics> metrics,
            StoredEventsGauge storedEvents) {
        this.endpoint = endpoint;
        this.housekeeping = housekeeping;
        this.worker = worker;
        this.metrics = metrics;
        this.storedEvents = storedEvents;
    }

    /**
     * Starts the background work on the pool shared with the webhook path, taking at most
     * {@code FORWARDING_DB_CONNECTIONS} of its connections at a time.
     *
     * @throws dev.stripeoperator.contract.SettingException when those would leave no connection for acks
     */
    public static BackgroundWork start(
            ReceiverConfig receiver, ForwardingConfig config, DataSource dataSource, MeterRegistry registry) {
        return start(receiver, config, ForwardingOptions.open(receiver, config), dataSource, registry);
    }

    /**
     * Starts the background work with options opened beforehand (so that a bad setting stops the start rather
     * than the forwarding alone); they are closed with the forwarding, or now when there is no sink.
     */
    public static BackgroundWork start(
            ReceiverConfig receiver,
            ForwardingConfig config,
            ForwardingOptions options,
            DataSource dataSource,
            MeterRegistry registry) {
        config.checkFitsPool(receiver.databasePoolSize());
        if (config.sinkUrl().isEmpty()) {
            options.close();
        }
        String endpoint = receiver.endpointName();
        ConnectionBudget connections = new ConnectionBudget(dataSource, config.databaseConnections());
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("forwarding-housekeeping").daemon().factory());
        RetentionSweeper retention = new RetentionSweeper(connections, endpoint, config.retention());
        housekeeping.scheduleWithFixedDelay(
                () -> sweep(retention, endpoint),
                0,
                config.retentionSweepInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        StoredEventsGauge storedEvents = new StoredEventsGauge(registry);
        StoredEvents rows = new StoredEvents(connections, endpoint);
        housekeeping.scheduleWithFixedDelay(
                () -> readIntoGauge(endpoint, "stored_events_unknown", () -> storedEvents.set(rows.count())),
                0,
                STORED_EVENTS_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);

        Optional<ForwardingMetrics> metrics = config.sinkUrl().map(sink -> new ForwardingMetrics(registry));
        Optional<ForwardingWorker> worker = config.sinkUrl()
                .map(sinkUrl -> new ForwardingWorker(
                        config,
                        endpoint,
                        new ForwardingQueue(connections, endpoint, config.lease()),
                        new SinkClient(sinkUrl, config.sinkTimeout(), Clock.systemUTC(), options),
                        new Backoff(config.backoffBase(), config.backoffMax(), ThreadLocalRandom.current()),
                        metrics.orElseThrow()));
        metrics.ifPresent(meters -> {
            ForwardingStats stats = new ForwardingStats(connections, endpoint);
            housekeeping.scheduleWithFixedDelay(
                    () -> readIntoGauge(endpoint, "backlog_unknown", () -> meters.backlog(stats.read())),
                    0,
                    STATS_INTERVAL.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
        worker.ifPresent(ForwardingWorker::start);
        return new BackgroundWork(endpoint, housekeeping, worker, metrics, storedEvents);
    }

    /**
     * Tells the worker that new events were committed, so it sends them now rather than at its next poll;
     * returns at once (no database or network work on the caller's thread), and does nothing without a sink.
     */
    public void eventsStored() {
        worker.ifPresent(ForwardingWorker::wakeUp);
    }

    private static void sweep(RetentionSweeper retention, String endpoint) {
        try {
            long deleted = retention.sweep();
            if (deleted > 0) {
                LogLines.retention(endpoint, deleted, null).log(LOG, Level.INFO);
            }
        } catch (SQLException e) {
            LogLines.retention(endpoint, 0, e.getMessage()).log(LOG, Level.WARNING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A scheduled read of the database into gauges. */
    @FunctionalInterface
    private interface GaugeRead {
        void run() throws SQLException, InterruptedException;
    }

    /** Runs the read; when the database fails it, the gauges keep their last values and {@code outcome} is logged. */
    private static void readIntoGauge(String endpoint, String outcome, GaugeRead read) {
        try {
            read.run();
        } catch (SQLException e) {
            LogLines.forwarding(endpoint, outcome, e.getMessage()).log(LOG, Level.WARNING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long attempt outcomes have waited to be written; zero without a sink (liveness). */
    public Duration stalledFor() {
        return worker.map(ForwardingWorker::stalledFor).orElse(Duration.ZERO);
    }

    /** Stops claiming new work, lets attempts in flight finish, stops the sweeps; call before closing the pool. */
    @Override
    public void close() {
        worker.ifPresent(ForwardingWorker::close);
        housekeeping.shutdownNow();
        try {
            housekeeping.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.ifPresent(ForwardingMetrics::close);
        storedEvents.close();
        LogLines.forwarding(endpoint, "stopped", null).log(LOG, Level.INFO);
    }
}
