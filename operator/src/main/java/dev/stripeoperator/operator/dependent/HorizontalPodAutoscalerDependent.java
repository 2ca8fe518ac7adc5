package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.endpoint.Autoscaling;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * HorizontalPodAutoscaler {@code <name>-stripe-receiver} (autoscaling/v2) scaling the receiver Deployment on
 * CPU. Present only while {@code spec.receiver.autoscaling} is set.
 */
@KubernetesDependent(
        informer = @Informer(labelSelector = KubernetesApi.MANAGED_BY_SELECTOR, onUpdateFilter = ChildChanges.class))
public class HorizontalPodAutoscalerDependent extends EndpointDependent<HorizontalPodAutoscaler> {

    /** Name of this dependent. */
    public static final String NAME = "receiver-hpa";

    /** Creates the dependent. */
    public HorizontalPodAutoscalerDependent() {
        super(HorizontalPodAutoscaler.class, StripeWebhooks::receiverName);
    }

    @Override
    protected HorizontalPodAutoscaler desired(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return desired(endpoint);
    }

    /** The receiver's autoscaler as {@code spec.receiver.autoscaling} of {@code endpoint} asks. */
    static HorizontalPodAutoscaler desired(StripeWebhookEndpoint endpoint) {
        Autoscaling autoscaling = endpoint.getSpec().receiverOrDefaults().autoscaling();
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(
                        metadata(StripeWebhooks.receiverName(endpoint), endpoint, KubernetesApi.COMPONENT_RECEIVER))
                .withNewSpec()
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(StripeWebhooks.receiverName(endpoint))
                .endScaleTargetRef()
                .withMinReplicas(autoscaling.minReplicasOrDefault())
                .withMaxReplicas(autoscaling.maxReplicas())
                .addNewMetric()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(autoscaling.targetCpuOrDefault())
                .endTarget()
                .endResource()
                .endMetric()
                .endSpec()
                .build();
    }
}
