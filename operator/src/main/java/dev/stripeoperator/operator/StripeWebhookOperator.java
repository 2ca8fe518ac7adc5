package dev.stripeoperator.operator;

import java.time.Clock;
import java.time.Duration;

import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.status.EndpointMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/** Assembles the JOSDK operator with the endpoint and replay controllers, as configured. */
public final class StripeWebhookOperator {

    /** How often the operator asks whether the Gateway API has been installed (or removed). */
    private static final Duration GATEWAY_API_RECHECK = Duration.ofMinutes(1);

    private StripeWebhookOperator() {}

    /** Both controllers watch the configured namespaces, or all of them. */
    private static void watch(ControllerConfigurationOverrider<?> controller, OperatorConfig config) {
        if (config.watchesAllNamespaces()) {
            controller.watchingAllNamespaces();
        } else {
            controller.settingNamespaces(config.watchNamespaces());
        }
    }

    /**
     * An operator, not yet started, managing StripeWebhookEndpoints through {@code client}: JOSDK's metrics go to
     * {@code meters}, the per-endpoint ones to {@code endpointMetrics}.
     */
    public static Operator create(
            KubernetesClient client,
            OperatorConfig config,
            Clock clock,
            MeterRegistry meters,
            EndpointMetrics endpointMetrics) {
        Operator operator = new Operator(overrider -> overrider
                .withKubernetesClient(client)
                .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(meters))
                .withCloseClientOnStop(false)
                .withConcurrentReconciliationThreads(config.reconcileThreads())
                .withConcurrentWorkflowExecutorThreads(config.reconcileThreads())
                .withLeaderElectionConfiguration(
                        config.leaderElection()
                                ? new LeaderElectionConfiguration(config.leaseName(), config.operatorNamespace())
                                : null));
        operator.register(
                new StripeWebhookEndpointReconciler(
                        config,
                        ClusterIdentity.of(config, client),
                        clock,
                        new GatewayApi(GATEWAY_API_RECHECK),
                        endpointMetrics),
                controller -> watch(controller, config));
        operator.register(new StripeWebhookReplayReconciler(config, clock), controller -> watch(controller, config));
        return operator;
    }
}
