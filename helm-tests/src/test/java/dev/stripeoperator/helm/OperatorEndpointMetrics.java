package dev.stripeoperator.helm;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The operator's per-endpoint metrics that the chart's alerts and dashboard use, with their labels: PROVIDED BY THE
 * OPERATOR. They are the contract agreed with the operator's per-endpoint metrics work (issue 12); the operator does not
 * export them yet. Once it does, {@link MonitoringMetricsIT} should scrape the operator's /metrics for them as it
 * scrapes the receiver, and this list goes.
 */
final class OperatorEndpointMetrics {

    private static final Set<String> ENDPOINT = Set.of("namespace", "endpoint");

    /** Name to label names; every one of them per StripeWebhookEndpoint. */
    static final Map<String, Set<String>> PROVIDED = Map.of(
            // 1 while the endpoint is Ready, else 0
            "stripe_webhook_endpoint_ready", ENDPOINT,
            // events the last reconcile run recovered
            "stripe_webhook_endpoint_reconciliation_recovered", ENDPOINT,
            // 1 when the last reconcile run failed, else 0
            "stripe_webhook_endpoint_reconciliation_failed", ENDPOINT,
            // when the last reconcile run finished (Unix seconds)
            "stripe_webhook_endpoint_reconciliation_timestamp_seconds", ENDPOINT,
            // when the previous signing secret stops being accepted (Unix seconds); absent when no rotation is under way
            "stripe_webhook_endpoint_previous_secret_expiry_timestamp_seconds", ENDPOINT);

    private OperatorEndpointMetrics() {
    }

    /** The provided metrics as an exposition that shows their label names but no values. */
    static Exposition exposition() {
        Map<String, Map<String, Set<String>>> series = new TreeMap<>();
        PROVIDED.forEach((name, labels) -> {
            Map<String, Set<String>> byLabel = new TreeMap<>();
            labels.forEach(label -> byLabel.put(label, Set.of()));
            series.put(name, byLabel);
        });
        return new Exposition(series);
    }
}
