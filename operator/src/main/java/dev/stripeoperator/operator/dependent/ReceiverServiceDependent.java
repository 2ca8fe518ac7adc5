package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.operator.StripeWebhooks;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Service {@code <name>-stripe-receiver}: port 8080 ({@code http}) to the receiver pods. */
@KubernetesDependent(informer = @Informer(labelSelector = StripeWebhooks.MANAGED_BY_SELECTOR))
public class ReceiverServiceDependent extends EndpointDependent<Service> {

    /** Name of this dependent. */
    public static final String NAME = "receiver-service";

    /** Creates the dependent. */
    public ReceiverServiceDependent() {
        super(Service.class, StripeWebhooks::receiverName);
    }

    @Override
    protected Service desired(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(StripeWebhooks.receiverName(endpoint))
                    .withNamespace(endpoint.getMetadata().getNamespace())
                    .withLabels(StripeWebhooks.labels(endpoint, StripeWebhooks.COMPONENT_RECEIVER))
                .endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(StripeWebhooks.selector(endpoint, StripeWebhooks.COMPONENT_RECEIVER))
                    .addNewPort()
                        .withName(StripeWebhooks.HTTP_PORT_NAME)
                        .withPort(StripeWebhooks.HTTP_PORT)
                        .withTargetPort(new IntOrString(StripeWebhooks.HTTP_PORT_NAME))
                        .withProtocol("TCP")
                    .endPort()
                .endSpec()
                .build();
    }
}
