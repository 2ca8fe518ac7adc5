package dev.stripeoperator.receiver.forwarding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Timer;

/**
 * The forwarding meters at /observe/metrics: attempts by outcome, latency of each attempt, backlog depth, oldest backlog
 * age, dead letters, oldest undelivered age.
 */
final class ForwardingMetrics implements AutoCloseable {

    /** Counter of attempts, tagged {@code outcome}: delivered, retry, dead. */
    static final String OUTCOMES = "stripe_forwarding_attempts";
    /** Timer of one attempt, from sending to the sink's answer or the timeout. */
    static final String LATENCY = "stripe_forwarding_latency";
    /** Events waiting to be forwarded. */
    static final String PENDING = "stripe_forwarding_pending";
    /** Seconds since the oldest waiting event was received. */
    static final String OLDEST_PENDING_AGE = "stripe_forwarding_oldest_pending_age_seconds";
    /** Dead letters. */
    static final String DEAD = "stripe_forwarding_dead";
    /** Seconds since the oldest event the sink has not taken (pending, failed or dead) was received. */
    static final String OLDEST_UNDELIVERED_AGE = "stripe_forwarding_oldest_undelivered_age_seconds";
    /** Events forwarded that a backfill recovered at another API version than the Stripe endpoint's. */
    static final String API_VERSION_MISMATCHES = "stripe_forwarding_api_version_mismatches";

    private final MeterRegistry registry;
    private final Map<ForwardingOutcome, Counter> outcomes;
    private final Timer latency;
    private final Counter apiVersionMismatches;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingAgeSeconds = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final AtomicLong oldestUndeliveredAgeSeconds = new AtomicLong();
    private final List<Meter> registered = new ArrayList<>();

    ForwardingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.outcomes = Map.of(
                ForwardingOutcome.DELIVERED, counter(ForwardingOutcome.DELIVERED),
                ForwardingOutcome.RETRY, counter(ForwardingOutcome.RETRY),
                ForwardingOutcome.DEAD, counter(ForwardingOutcome.DEAD));
        this.latency = register(Timer.builder(LATENCY)
                .description("Time from sending an event to the sink until its answer (or timeout)")
                .buckets(
                        Duration.ofMillis(5),
                        Duration.ofMillis(10),
                        Duration.ofMillis(25),
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(2500),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30)));
        this.apiVersionMismatches = register(Counter.builder(API_VERSION_MISMATCHES)
                .description(
                        "Events forwarded with a Stripe-Event-Api-Version header: recovered by a backfill, rendered at"
                                + " another API version than the Stripe endpoint's"));
        register(Gauge.builder(PENDING, pending::get)
                .description("Events waiting to be forwarded (pending or failed, awaiting a retry)"));
        register(Gauge.builder(OLDEST_PENDING_AGE, oldestPendingAgeSeconds::get)
                .description("Seconds since the oldest event waiting to be forwarded was received"));
        register(Gauge.builder(DEAD, dead::get)
                .description("Events given up on (dead letters), until replayed or discarded"));
        register(Gauge.builder(OLDEST_UNDELIVERED_AGE, oldestUndeliveredAgeSeconds::get)
                .description("Seconds since the oldest event the sink has not taken (pending, failed or dead) was"
                        + " received; retention keeps such events"));
    }

    void attempt(ForwardingOutcome outcome, Duration elapsed) {
        outcomes.get(outcome).increment();
        latency.record(elapsed);
    }

    void apiVersionMismatchDelivered() {
        apiVersionMismatches.increment();
    }

    void backlog(ForwardingStats.Snapshot snapshot) {
        pending.set(snapshot.pending());
        oldestPendingAgeSeconds.set(snapshot.oldestPendingAge().toSeconds());
        dead.set(snapshot.dead());
        oldestUndeliveredAgeSeconds.set(snapshot.oldestUndeliveredAge().toSeconds());
    }

    private Counter counter(ForwardingOutcome outcome) {
        return register(Counter.builder(OUTCOMES)
                .description("Forwarding attempts by outcome: delivered, retry (scheduled again), dead (given up)")
                .tags(List.of(io.helidon.metrics.api.Tag.create("outcome", outcome.tag()))));
    }

    private <M extends Meter, B extends Meter.Builder<B, M>> M register(B builder) {
        M meter = registry.getOrCreate(builder);
        registered.add(meter);
        return meter;
    }

    /** Removes the gauges, which would otherwise keep reading a stopped worker's numbers. */
    @Override
    public void close() {
        registered.forEach(registry::remove);
    }
}
