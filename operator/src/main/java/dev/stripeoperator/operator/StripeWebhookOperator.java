package dev.stripeoperator.operator;

import java.time.Clock;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/** Assembles the JOSDK operator with the endpoint controller, as configured. */
public final class StripeWebhookOperator {

    private StripeWebhookOperator() {
    }

    /** An operator, not yet started, managing StripeWebhookEndpoints through {@code client}. */
    public static Operator create(KubernetesClient client, OperatorConfig config, Clock clock, MeterRegistry meters) {
        Operator operator = new Operator(overrider -> overrider
                .withKubernetesClient(client)
                .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(meters))
                // Without server-side apply (e.g. on the test API server) children are created and
                // compared the classic way and the status is patched with a JSON merge patch.
                .withSSABasedCreateUpdateMatchForDependentResources(config.serverSideApply())
                .withUseSSAToPatchPrimaryResource(config.serverSideApply())
                .withCloseClientOnStop(false));
        operator.register(new StripeWebhookEndpointReconciler(config, clock), controller -> {
            if (config.watchesAllNamespaces()) {
                controller.watchingAllNamespaces();
            } else {
                controller.settingNamespaces(config.watchNamespaces());
            }
        });
        return operator;
    }
}
