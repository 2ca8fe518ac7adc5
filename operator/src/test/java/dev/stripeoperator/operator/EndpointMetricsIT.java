package dev.stripeoperator.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.status.EndpointMetrics;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-endpoint gauges follow what the operator sees on the local control plane: Ready, a rotation's expiry, and
 * the series of a deleted endpoint go; a reconcile the API server refuses is counted by JOSDK's metrics, which the
 * chart's operator alert reads.
 */
class EndpointMetricsIT {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    @RegisterExtension
    static final RunningOperator OPERATOR = new RunningOperator("metrics", 3, START);

    @Test
    void readyFollowsTheStatusAndTheSeriesGoWithTheEndpoint() {
        String ns = OPERATOR.namespace();
        Fixtures.userSecrets(ns, "billing", Fixtures.WHSEC)
                .forEach(s -> OPERATOR.client().resource(s).create());
        OPERATOR.client().resource(Fixtures.endpoint(ns, "billing")).create();
        OPERATOR.client().resource(Fixtures.endpoint(ns, "nosecret")).create();

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(gauge(EndpointMetrics.READY, ns, "billing")).isEqualTo(1.0);
            assertThat(gauge(EndpointMetrics.READY, ns, "nosecret")).isEqualTo(0.0);
        });
        assertThat(gauge(EndpointMetrics.PREVIOUS_SECRET_EXPIRY, ns, "billing"))
                .as("no rotation")
                .isNull();
        assertThat(gauge(EndpointMetrics.RECONCILIATION_TIMESTAMP, ns, "billing"))
                .as("no run yet")
                .isNull();

        OPERATOR.client()
                .resources(StripeWebhookEndpoint.class)
                .inNamespace(ns)
                .withName("nosecret")
                .delete();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(gauge(EndpointMetrics.READY, ns, "nosecret")).isNull());
        assertThat(gauge(EndpointMetrics.READY, ns, "billing")).isEqualTo(1.0);
    }

    @Test
    void aRotationShowsWhenThePreviousSecretExpires() {
        String ns = OPERATOR.namespace();
        Fixtures.userSecrets(ns, "rotating", Fixtures.WHSEC)
                .forEach(s -> OPERATOR.client().resource(s).create());
        OPERATOR.client().resource(Fixtures.endpoint(ns, "rotating")).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> gauge(EndpointMetrics.READY, ns, "rotating") != null);

        OPERATOR.client()
                .resource(Fixtures.secret(ns, "rotating-whsec", Map.of("whsec", "whsec_rotated")))
                .update();

        // The clock stands still at START, and the spec's grace is 1h.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(gauge(EndpointMetrics.PREVIOUS_SECRET_EXPIRY, ns, "rotating"))
                        .isEqualTo((double) START.plus(Duration.ofHours(1)).getEpochSecond()));
    }

    @Test
    void aReconcileTheApiServerRefusesIsCountedWhereTheOperatorAlertLooks() {
        String ns = OPERATOR.namespace();
        // No Service may be created in the namespace: applying the receiver's Service fails, and so does the reconcile.
        OPERATOR.client()
                .resource(new ResourceQuotaBuilder()
                        .withNewMetadata()
                        .withName("no-services")
                        .withNamespace(ns)
                        .endMetadata()
                        .withNewSpec()
                        .addToHard("services", new Quantity("0"))
                        .endSpec()
                        .build())
                .create();
        Fixtures.userSecrets(ns, "refused", Fixtures.WHSEC)
                .forEach(s -> OPERATOR.client().resource(s).create());
        OPERATOR.client().resource(Fixtures.endpoint(ns, "refused")).create();

        // The first attempt and JOSDK's retries fail within half a minute: at least the chart's default threshold of
        // StripeWebhookOperatorReconcileErrors (monitoring.prometheusRule.reconcileErrors, 3 in 15 minutes).
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(failedReconciles())
                        .as("operator_sdk_reconciliations_failed_total, as Prometheus names JOSDK's counter")
                        .isGreaterThanOrEqualTo(3));
        assertThat(OPERATOR.environment()
                        .meters
                        .find("operator.sdk.reconciliations.failed")
                        .tag("kind", "StripeWebhookEndpoint")
                        .counters())
                .isNotEmpty();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(gauge(EndpointMetrics.READY, ns, "refused"))
                        .as("the endpoint shows the failure too, for StripeWebhookEndpointNotReady")
                        .isEqualTo(0.0));
    }

    private static double failedReconciles() {
        return OPERATOR.environment().meters.find("operator.sdk.reconciliations.failed").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** The gauge's value as a scrape would read it now; null when the series is absent. */
    private static Double gauge(String name, String namespace, String endpoint) {
        OperatorEnvironment env = OPERATOR.environment();
        env.endpointMetrics.refresh();
        Gauge gauge = env.meters
                .find(name)
                .tags("namespace", namespace, "endpoint", endpoint)
                .gauge();
        return gauge == null ? null : gauge.value();
    }
}
