package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Service {@code <name>-stripe-receiver}: port 8080 ({@code http}) to the receiver pods. */
@KubernetesDependent(informer = @Informer(labelSelector = KubernetesApi.MANAGED_BY_SELECTOR))
public class ReceiverServiceDependent extends EndpointDependent<Service> {

    /** Name of this dependent. */
    public static final String NAME = "receiver-service";

    /** Creates the dependent. */
    public ReceiverServiceDependent() {
        super(Service.class, StripeWebhooks::receiverName);
    }

    @Override
    protected Service desired(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return desired(endpoint);
    }

    /** The receiver Service of {@code endpoint}. */
    static Service desired(StripeWebhookEndpoint endpoint) {
        return new ServiceBuilder()
                .withMetadata(
                        metadata(StripeWebhooks.receiverName(endpoint), endpoint, KubernetesApi.COMPONENT_RECEIVER))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(StripeWebhooks.selector(endpoint, KubernetesApi.COMPONENT_RECEIVER))
                .addNewPort()
                .withName(StripeWebhooks.HTTP_PORT_NAME)
                .withPort(ReceiverImage.PORT)
                .withTargetPort(new IntOrString(StripeWebhooks.HTTP_PORT_NAME))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }
}
