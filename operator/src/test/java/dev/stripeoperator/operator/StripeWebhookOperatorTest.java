package dev.stripeoperator.operator;

import java.time.Clock;
import java.util.Map;

import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.status.EndpointMetrics;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StripeWebhookOperatorTest {

    @Test
    void reconcilesAndAppliesWithTheConfiguredThreadsRatherThanJosdksFifty() {
        OperatorConfig config = OperatorConfig.fromEnvironment(
                Map.of("OPERATOR_RECONCILE_THREADS", "3", "OPERATOR_CLUSTER_NAME", "test"), "1.0.0");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl("https://127.0.0.1:1")
                        .build())
                .build()) {
            Operator operator = StripeWebhookOperator.create(
                    client, config, Clock.systemUTC(), meters, new EndpointMetrics(meters));

            assertThat(operator.getConfigurationService().concurrentReconciliationThreads())
                    .isEqualTo(3);
            assertThat(operator.getConfigurationService().concurrentWorkflowExecutorThreads())
                    .isEqualTo(3);
        }
    }
}
