package dev.stripeoperator.receiver.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionStatisticsConfig;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/** The receiver's Prometheus meters: deliveries by outcome and reason, ack latency, commit batching, pool usage. */
public final class ReceiverMetrics implements AutoCloseable {

    /** Counter of deliveries, tagged {@code outcome} and {@code reason} ({@code none} unless refused). */
    public static final String DELIVERIES = "stripe_webhook_deliveries";
    /**
     * Counter of acknowledged events, tagged {@code kind} ({@code snapshot} or {@code thin}), {@code type} and
     * {@code outcome} (accepted, duplicate, ignored). Only signed events are counted, so the types are Stripe's own.
     */
    public static final String EVENT_TYPES = "stripe_webhook_events";
    /** Timer of the time from request to acknowledgement, for 2xx answers. */
    public static final String ACK_LATENCY = "stripe_webhook_ack";
    /** Rows per group commit. */
    public static final String COMMIT_BATCH = "stripe_webhook_commit_batch_size";
    /** Rows waiting for a group commit. */
    public static final String COMMIT_QUEUE = "stripe_webhook_commit_queue";
    /** Database pool connections, tagged {@code state}: active, idle, pending (threads waiting), max. */
    public static final String POOL = "stripe_webhook_db_pool_connections";
    /** Connections closed because their request had not arrived whole within {@code REQUEST_READ_TIMEOUT}. */
    public static final String REQUEST_READ_TIMEOUTS = "stripe_webhook_request_read_timeouts";

    /** Reason of acknowledged events of the other mode (test vs live) than {@code LIVEMODE}, stored as ignored. */
    public static final String OTHER_MODE = "other_mode";

    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final Timer ackLatency;
    private final DistributionSummary commitBatch;
    private final Counter requestReadTimeouts;
    private final Map<DeliveryKey, Counter> deliveries = new ConcurrentHashMap<>();
    private final Map<TypeKey, Counter> eventTypes = new ConcurrentHashMap<>();
    private final List<Meter> registered = new CopyOnWriteArrayList<>();

    public ReceiverMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.ackLatency = register(Timer.builder(ACK_LATENCY)
                .description("Time from receiving a delivery to acknowledging it (2xx)")
                .buckets(
                        millis(1),
                        millis(2),
                        millis(5),
                        millis(10),
                        millis(25),
                        millis(50),
                        millis(100),
                        millis(250),
                        millis(500),
                        millis(1000),
                        millis(2500),
                        millis(5000),
                        millis(10000)));
        this.commitBatch = register(DistributionSummary.builder(
                        COMMIT_BATCH,
                        DistributionStatisticsConfig.builder().buckets(1, 2, 4, 8, 16, 32, 64, 128, 256, 512))
                .description("Events per group commit transaction"));
        this.requestReadTimeouts = register(Counter.builder(REQUEST_READ_TIMEOUTS)
                .description("Connections closed because a request had not arrived whole within REQUEST_READ_TIMEOUT"));
        for (DeliveryOutcome outcome :
                List.of(DeliveryOutcome.ACCEPTED, DeliveryOutcome.DUPLICATE, DeliveryOutcome.IGNORED)) {
            counter(outcome, NONE);
        }
        counter(DeliveryOutcome.IGNORED, OTHER_MODE);
    }

    /** Counts one delivery; acknowledged ones also feed the latency timer. */
    public void delivery(DeliveryOutcome outcome, String reason, long elapsedNanos) {
        counter(outcome, reason == null ? NONE : reason).increment();
        if (outcome.acknowledged()) {
            ackLatency.record(elapsedNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Counts one acknowledged event by its kind and type. */
    public void eventType(String kind, String type, DeliveryOutcome outcome) {
        eventTypes
                .computeIfAbsent(
                        new TypeKey(kind, type, outcome),
                        key -> register(Counter.builder(EVENT_TYPES)
                                .tags(List.of(
                                        Tag.create("kind", kind),
                                        Tag.create("type", type),
                                        Tag.create("outcome", outcome.code())))
                                .description("Acknowledged events by kind (snapshot or thin), type and outcome")))
                .increment();
    }

    /** Counts one connection closed because its request had not arrived in time. */
    public void requestReadTimedOut() {
        requestReadTimeouts.increment();
    }

    /** Records the size of one committed batch. */
    public void batchCommitted(int rows) {
        commitBatch.record(rows);
    }

    /** Publishes the number of rows waiting for a group commit. */
    public void watchQueue(IntSupplier queued) {
        register(Gauge.builder(COMMIT_QUEUE, () -> queued.getAsInt())
                .description("Deliveries waiting for a group commit"));
    }

    /** Publishes the pool's usage. */
    public void watchPool(HikariDataSource pool) {
        poolGauge(pool, "active", HikariPoolMXBean::getActiveConnections);
        poolGauge(pool, "idle", HikariPoolMXBean::getIdleConnections);
        poolGauge(pool, "pending", HikariPoolMXBean::getThreadsAwaitingConnection);
        register(Gauge.builder(POOL, () -> pool.getMaximumPoolSize())
                .tags(List.of(Tag.create("state", "max")))
                .description("Database pool connections by state"));
    }

    private void poolGauge(HikariDataSource pool, String state, ToIntFunction<HikariPoolMXBean> value) {
        register(Gauge.builder(POOL, () -> {
                    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
                    return bean == null ? 0 : value.applyAsInt(bean);
                })
                .tags(List.of(Tag.create("state", state)))
                .description("Database pool connections by state"));
    }

    private Counter counter(DeliveryOutcome outcome, String reason) {
        return deliveries.computeIfAbsent(
                new DeliveryKey(outcome, reason),
                key -> register(Counter.builder(DELIVERIES)
                        .tags(List.of(Tag.create("outcome", outcome.code()), Tag.create("reason", reason)))
                        .description("Webhook deliveries by outcome and, for refusals, reason")));
    }

    /** Removes this receiver's meters, so that gauges never outlive the pool and queue they read. */
    @Override
    public void close() {
        registered.forEach(registry::remove);
        registered.clear();
    }

    private <B extends Meter.Builder<B, M>, M extends Meter> M register(B builder) {
        M meter = registry.getOrCreate(builder);
        registered.add(meter);
        return meter;
    }

    private static Duration millis(long ms) {
        return Duration.ofMillis(ms);
    }

    /** A deliveries counter's tags; a record rather than a string concatenated and hashed anew for every delivery. */
    private record DeliveryKey(DeliveryOutcome outcome, String reason) {}

    /** An event types counter's tags. */
    private record TypeKey(String kind, String type, DeliveryOutcome outcome) {}
}
