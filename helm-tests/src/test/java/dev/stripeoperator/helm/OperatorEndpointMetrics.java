package dev.stripeoperator.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.stripeoperator.operator.HealthServer;
import dev.stripeoperator.operator.StripeWebhookEndpointReconciler;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.LastReconciliation;
import dev.stripeoperator.operator.endpoint.SigningSecretsStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.operator.status.EndpointMetrics;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The operator's per-endpoint metrics that the chart's alerts and dashboard use, as the operator's own /metrics
 * serves them (its HealthServer, registry and EndpointMetrics, as OperatorMain wires them) for endpoints whose statuses
 * show every case: one Ready with a run that recovered events and a rotation under way, one not Ready whose last run
 * failed; and JOSDK's metrics (MicrometerMetrics, as StripeWebhookOperator registers it) after a reconcile of the
 * second failed, reported the way JOSDK reports it. No API server: the statuses stand for the operator's cache
 * (operator's EndpointMetricsIT has a real failure counted on the local control plane).
 */
final class OperatorEndpointMetrics {

    private OperatorEndpointMetrics() {}

    /** What the operator's /metrics serves for those endpoints. */
    static Exposition scrape() {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EndpointMetrics endpointMetrics = new EndpointMetrics(meters);
        StripeWebhookEndpoint failing = endpoint(
                "shop",
                "orders",
                "False",
                new LastReconciliation(
                        "2026-11-23T10:00:00Z", null, null, null, "Failed: exit code 1", null, null, null),
                null);
        MicrometerMetrics.withoutPerResourceMetrics(meters)
                .failedReconciliation(
                        failing,
                        new KubernetesClientException("services \"orders-stripe-receiver\" is forbidden"),
                        Map.of(
                                Constants.RESOURCE_GVK_KEY,
                                GroupVersionKind.gvkFor(StripeWebhookEndpoint.class),
                                Constants.CONTROLLER_NAME,
                                StripeWebhookEndpointReconciler.NAME));
        endpointMetrics.readFrom(() -> Stream.of(
                endpoint(
                        "payments",
                        "billing",
                        "True",
                        new LastReconciliation("2026-11-23T10:00:00Z", 40L, 2L, 2L, "Succeeded", 0L, 0L, null),
                        new SigningSecretsStatus("sha256:0a1b2c3d", "sha256:4e5f6a7b", "2026-11-24T10:00:00Z")),
                failing));
        try (HealthServer server = HealthServer.start(0, () -> true, meters, endpointMetrics)) {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new AssertionError("the operator's GET /metrics answered " + answer.statusCode());
            }
            return Exposition.parse(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static StripeWebhookEndpoint endpoint(
            String namespace, String name, String ready, LastReconciliation run, SigningSecretsStatus secrets) {
        StripeWebhookEndpoint endpoint = new StripeWebhookEndpoint();
        endpoint.setMetadata(new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(name)
                .withGeneration(1L)
                .build());
        endpoint.setStatus(new StripeWebhookEndpointStatus(
                1L,
                null,
                List.of(new EndpointCondition(
                        "Ready",
                        ready,
                        "True".equals(ready) ? "Ready" : "NoReplicasAvailable",
                        "",
                        "2026-11-23T10:00:00Z",
                        1L)),
                secrets,
                null,
                run));
        return endpoint;
    }
}
