package dev.stripeoperator.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.status.EndpointMetrics;
import io.micrometer.core.instrument.Gauge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-endpoint gauges follow what the operator sees on the local control plane: Ready, a rotation's expiry, and
 * the series of a deleted endpoint go.
 */
class EndpointMetricsIT {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    @RegisterExtension
    static final RunningOperator OPERATOR = new RunningOperator("metrics", 2, START);

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
