package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** NetworkPolicy {@code <name>-stripe-receiver}: the receiver pods admit traffic on port 8080 only. */
@KubernetesDependent(
        informer = @Informer(labelSelector = KubernetesApi.MANAGED_BY_SELECTOR, onUpdateFilter = ChildChanges.class))
public class NetworkPolicyDependent extends EndpointDependent<NetworkPolicy> {

    /** Name of this dependent. */
    public static final String NAME = "receiver-networkpolicy";

    /** Creates the dependent. */
    public NetworkPolicyDependent() {
        super(NetworkPolicy.class, StripeWebhooks::receiverName);
    }

    @Override
    protected NetworkPolicy desired(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return desired(endpoint);
    }

    /** The receiver pods' NetworkPolicy of {@code endpoint}. */
    static NetworkPolicy desired(StripeWebhookEndpoint endpoint) {
        return new NetworkPolicyBuilder()
                .withMetadata(
                        metadata(StripeWebhooks.receiverName(endpoint), endpoint, KubernetesApi.COMPONENT_RECEIVER))
                .withNewSpec()
                .withNewPodSelector()
                .withMatchLabels(StripeWebhooks.selector(endpoint, KubernetesApi.COMPONENT_RECEIVER))
                .endPodSelector()
                .withPolicyTypes("Ingress")
                // From anywhere (the ingress controller or gateway, the probes), but to the receiver's port only.
                .addNewIngress()
                .addNewPort()
                .withProtocol("TCP")
                .withPort(new IntOrString(ReceiverImage.PORT))
                .endPort()
                .endIngress()
                .endSpec()
                .build();
    }
}
