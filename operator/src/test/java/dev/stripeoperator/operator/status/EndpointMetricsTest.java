package dev.stripeoperator.operator.status;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.LastReconciliation;
import dev.stripeoperator.operator.endpoint.SigningSecretsStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-endpoint series as Prometheus scrapes them from the operator's registry. */
class EndpointMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EndpointMetrics metrics = new EndpointMetrics(registry);

    private static StripeWebhookEndpoint endpoint(String namespace, String name, StripeWebhookEndpointStatus status) {
        StripeWebhookEndpoint endpoint = new StripeWebhookEndpoint();
        endpoint.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        endpoint.setStatus(status);
        return endpoint;
    }

    private static StripeWebhookEndpointStatus status(
            String ready, LastReconciliation run, SigningSecretsStatus secrets) {
        return new StripeWebhookEndpointStatus(
                1L,
                null,
                List.of(new EndpointCondition(
                        "Ready",
                        ready,
                        "True".equals(ready) ? "Ready" : "SecretKeyNotFound",
                        "m",
                        "2026-11-23T10:00:00Z",
                        1L)),
                secrets,
                null,
                run);
    }

    private List<String> samples() {
        return Arrays.stream(registry.scrape().split("\n"))
                .filter(line -> line.startsWith("stripe_webhook_endpoint_"))
                .sorted()
                .toList();
    }

    @Test
    void everyEndpointHasItsSeriesWithTheValuesOfItsStatus() {
        metrics.update(List.of(
                endpoint(
                        "payments",
                        "billing",
                        status(
                                "True",
                                new LastReconciliation("2026-11-23T10:00:00Z", 40L, 3L, 3L, "Succeeded", 0L, 0L, null),
                                new SigningSecretsStatus(
                                        "sha256:aaaaaaaa", "sha256:bbbbbbbb", "2026-11-24T10:00:00Z"))),
                endpoint(
                        "shop",
                        "orders",
                        status(
                                "False",
                                new LastReconciliation(
                                        "2026-11-23T11:00:00Z",
                                        null,
                                        null,
                                        null,
                                        "Failed: exit code 1",
                                        null,
                                        null,
                                        null),
                                new SigningSecretsStatus("sha256:cccccccc", null, null)))));

        assertThat(samples())
                .containsExactly(
                        "stripe_webhook_endpoint_previous_secret_expiry_timestamp_seconds{endpoint=\"billing\",namespace=\"payments\"} 1.7955144E9",
                        "stripe_webhook_endpoint_ready{endpoint=\"billing\",namespace=\"payments\"} 1.0",
                        "stripe_webhook_endpoint_ready{endpoint=\"orders\",namespace=\"shop\"} 0.0",
                        "stripe_webhook_endpoint_reconciliation_failed{endpoint=\"billing\",namespace=\"payments\"} 0.0",
                        "stripe_webhook_endpoint_reconciliation_failed{endpoint=\"orders\",namespace=\"shop\"} 1.0",
                        "stripe_webhook_endpoint_reconciliation_recovered{endpoint=\"billing\",namespace=\"payments\"} 3.0",
                        "stripe_webhook_endpoint_reconciliation_recovered{endpoint=\"orders\",namespace=\"shop\"} 0.0",
                        "stripe_webhook_endpoint_reconciliation_timestamp_seconds{endpoint=\"billing\",namespace=\"payments\"} 1.795428E9",
                        "stripe_webhook_endpoint_reconciliation_timestamp_seconds{endpoint=\"orders\",namespace=\"shop\"} 1.7954316E9");
    }

    @Test
    void anEndpointWithoutStatusIsNotReadyAndHasNoRunOrRotationSeries() {
        metrics.update(List.of(endpoint("payments", "billing", null)));

        assertThat(samples())
                .containsExactly("stripe_webhook_endpoint_ready{endpoint=\"billing\",namespace=\"payments\"} 0.0");
    }

    @Test
    void theSeriesOfAnEndpointGoneAndOfARotationOverDisappear() {
        StripeWebhookEndpoint rotating = endpoint(
                "payments",
                "billing",
                status(
                        "True",
                        null,
                        new SigningSecretsStatus("sha256:aaaaaaaa", "sha256:bbbbbbbb", "2026-11-24T10:00:00Z")));
        metrics.readFrom(() -> Stream.of(rotating, endpoint("shop", "orders", status("True", null, null))));
        metrics.refresh();
        assertThat(samples()).hasSize(3);

        metrics.readFrom(() -> Stream.of(endpoint(
                "payments",
                "billing",
                status("False", null, new SigningSecretsStatus("sha256:aaaaaaaa", null, null)))));
        metrics.refresh();

        assertThat(samples())
                .containsExactly("stripe_webhook_endpoint_ready{endpoint=\"billing\",namespace=\"payments\"} 0.0");
    }
}
