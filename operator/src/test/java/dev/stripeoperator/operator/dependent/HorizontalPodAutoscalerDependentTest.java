package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.Specs;
import dev.stripeoperator.operator.endpoint.Autoscaling;
import dev.stripeoperator.operator.endpoint.ReceiverSpec;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiver's autoscaler, as {@code spec.receiver.autoscaling} makes it. */
class HorizontalPodAutoscalerDependentTest {

    @Test
    void onlyTheMaximumGivenScalesFromTwoPodsAtSeventyPercentCpu() {
        // given
        StripeWebhookEndpoint endpoint = autoscaled(new Autoscaling(null, 6, null));

        // when
        HorizontalPodAutoscaler autoscaler = HorizontalPodAutoscalerDependent.desired(endpoint);

        // then
        BillingChildren.assertChild(autoscaler, "billing-stripe-receiver", "receiver");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo("billing-stripe-receiver");
        assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(autoscaler.getSpec().getMetrics()).singleElement().satisfies(metric -> assertCpu(metric, 70));
    }

    @Test
    void everyAutoscalingFieldIsTheAutoscalers() {
        // given
        StripeWebhookEndpoint endpoint = autoscaled(new Autoscaling(3, 12, 55));

        // when
        HorizontalPodAutoscaler autoscaler = HorizontalPodAutoscalerDependent.desired(endpoint);

        // then
        assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(12);
        assertThat(autoscaler.getSpec().getMetrics()).singleElement().satisfies(metric -> assertCpu(metric, 55));
    }

    private static void assertCpu(MetricSpec metric, int utilization) {
        assertThat(metric.getType()).isEqualTo("Resource");
        assertThat(metric.getResource().getName()).isEqualTo("cpu");
        assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
        assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(utilization);
    }

    private static StripeWebhookEndpoint autoscaled(Autoscaling autoscaling) {
        return Fixtures.billing(spec ->
                Specs.withReceiver(spec, new ReceiverSpec(null, null, null, null, null, autoscaling, null, null)));
    }
}
