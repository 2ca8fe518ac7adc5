package dev.stripeoperator.operator.status;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.EndpointConditions;
import dev.stripeoperator.operator.endpoint.LastReconciliation;
import dev.stripeoperator.operator.endpoint.SigningSecretsStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Per-endpoint gauges for the chart's alerts and dashboard, read from the endpoints' statuses: one series per
 * StripeWebhookEndpoint with the labels {@code namespace} and {@code endpoint}. They are brought up to date from the
 * operator's cache before every scrape, so the series of a deleted endpoint go with it.
 */
public final class EndpointMetrics {

    /** 1 while the endpoint is Ready, else 0. */
    public static final String READY = "stripe_webhook_endpoint_ready";
    /** Events the last backfill run recovered. */
    public static final String RECONCILIATION_RECOVERED = "stripe_webhook_endpoint_reconciliation_recovered";
    /** 1 when the last backfill run failed, else 0. */
    public static final String RECONCILIATION_FAILED = "stripe_webhook_endpoint_reconciliation_failed";
    /** When the last backfill run finished, in Unix seconds. */
    public static final String RECONCILIATION_TIMESTAMP = "stripe_webhook_endpoint_reconciliation_timestamp_seconds";
    /** When the previous signing secret stops being accepted, in Unix seconds; absent when no rotation is under way. */
    public static final String PREVIOUS_SECRET_EXPIRY =
            "stripe_webhook_endpoint_previous_secret_expiry_timestamp_seconds";

    private final List<Series> series;
    private volatile Supplier<Stream<StripeWebhookEndpoint>> source = Stream::empty;

    /** Registers the gauges, without series until the first {@link #refresh()}. */
    public EndpointMetrics(MeterRegistry registry) {
        series = List.of(
                new Series(
                        registry,
                        READY,
                        "1 while the StripeWebhookEndpoint is Ready, else 0",
                        status -> Optional.of(isReady(status) ? 1.0 : 0.0)),
                new Series(
                        registry,
                        RECONCILIATION_RECOVERED,
                        "Events the last backfill run recovered",
                        status -> lastRun(status)
                                .map(run -> run.recovered() == null
                                        ? 0.0
                                        : run.recovered().doubleValue())),
                new Series(
                        registry,
                        RECONCILIATION_FAILED,
                        "1 when the last backfill run failed, else 0",
                        status -> lastRun(status).map(run -> run.failed() ? 1.0 : 0.0)),
                new Series(
                        registry,
                        RECONCILIATION_TIMESTAMP,
                        "When the last backfill run finished (Unix seconds)",
                        status -> lastRun(status).flatMap(run -> epochSeconds(run.time()))),
                new Series(
                        registry,
                        PREVIOUS_SECRET_EXPIRY,
                        "When the previous signing secret stops being accepted (Unix seconds); absent without a rotation",
                        status -> Optional.ofNullable(status)
                                .map(StripeWebhookEndpointStatus::signingSecrets)
                                .map(SigningSecretsStatus::previousExpiresAt)
                                .flatMap(EndpointMetrics::epochSeconds)));
    }

    /** The endpoints to report at every refresh: the operator's cache of them. */
    public void readFrom(Supplier<Stream<StripeWebhookEndpoint>> endpoints) {
        source = endpoints;
    }

    /** Sets every series from the endpoints as the source shows them now; those of endpoints gone disappear. */
    public void refresh() {
        update(source.get().toList());
    }

    /** Sets every series from {@code endpoints}: the series of an endpoint not among them go. */
    void update(Collection<StripeWebhookEndpoint> endpoints) {
        series.forEach(s -> s.update(endpoints));
    }

    private static boolean isReady(StripeWebhookEndpointStatus status) {
        return status != null
                && status.condition(EndpointConditions.READY)
                        .map(EndpointCondition::getStatus)
                        .filter(Conditions.TRUE::equals)
                        .isPresent();
    }

    private static Optional<LastReconciliation> lastRun(StripeWebhookEndpointStatus status) {
        return Optional.ofNullable(status).map(StripeWebhookEndpointStatus::lastReconciliation);
    }

    private static Optional<Double> epochSeconds(String time) {
        try {
            return time == null
                    ? Optional.empty()
                    : Optional.of(Instant.parse(time).toEpochMilli() / 1000.0);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** One metric: a gauge per endpoint whose status gives it a value. */
    private static final class Series {

        private final MultiGauge gauge;
        private final Function<StripeWebhookEndpointStatus, Optional<Double>> value;

        Series(
                MeterRegistry registry,
                String name,
                String description,
                Function<StripeWebhookEndpointStatus, Optional<Double>> value) {
            this.gauge = MultiGauge.builder(name).description(description).register(registry);
            this.value = value;
        }

        void update(Collection<StripeWebhookEndpoint> endpoints) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (StripeWebhookEndpoint endpoint : endpoints) {
                value.apply(endpoint.getStatus())
                        .ifPresent(v -> rows.add(MultiGauge.Row.of(
                                Tags.of(
                                        "namespace", endpoint.getMetadata().getNamespace(),
                                        "endpoint", endpoint.getMetadata().getName()),
                                v)));
            }
            gauge.register(rows, true);
        }
    }
}
