package dev.stripeoperator.receiver.forwarding;

import java.util.concurrent.atomic.AtomicLong;

import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;

/** The gauge of the endpoint's rows in the event table ({@link StoredEvents}), with or without a sink. */
final class StoredEventsGauge implements AutoCloseable {

    /** Rows of the endpoint in stripe_events. */
    static final String NAME = "stripe_webhook_stored_events";

    private final MeterRegistry registry;
    private final AtomicLong rows = new AtomicLong();
    private final Gauge<Long> gauge;

    StoredEventsGauge(MeterRegistry registry) {
        this.registry = registry;
        this.gauge = registry.getOrCreate(Gauge.builder(NAME, rows::get)
                .description("Rows of this endpoint in the stripe_events table: exact up to " + StoredEvents.EXACT_UP_TO
                        + ", PostgreSQL's estimate above"));
    }

    void set(long count) {
        rows.set(count);
    }

    /** Removes the gauge, which would otherwise keep showing a stopped receiver's count. */
    @Override
    public void close() {
        registry.remove(gauge);
    }
}
