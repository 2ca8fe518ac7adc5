package dev.stripeoperator.operator.dependent;

import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.operator.endpoint.IngressExposure;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.operator.exposure.ExposureClaims;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;

/**
 * Ingress {@code <name>-stripe-receiver}: exactly the endpoint's path (pathType Exact) on its host to the
 * receiver Service, with TLS when configured. Present only while {@code spec.exposure.ingress} is set and
 * no other endpoint holds the same host and path.
 */
@KubernetesDependent(
        informer = @Informer(labelSelector = KubernetesApi.MANAGED_BY_SELECTOR, onUpdateFilter = ChildChanges.class))
public class IngressDependent extends EndpointDependent<Ingress> {

    /** Name of this dependent and its event source. */
    public static final String NAME = "receiver-ingress";

    /** Creates the dependent. */
    public IngressDependent() {
        super(Ingress.class, StripeWebhooks::receiverName);
    }

    @Override
    protected Ingress desired(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return desired(endpoint);
    }

    /** The Ingress {@code spec.exposure.ingress} of {@code endpoint} asks for. */
    static Ingress desired(StripeWebhookEndpoint endpoint) {
        IngressExposure ingress = endpoint.getSpec().exposure().ingress();
        IngressBuilder builder = new IngressBuilder()
                .withMetadata(
                        metadata(StripeWebhooks.receiverName(endpoint), endpoint, KubernetesApi.COMPONENT_RECEIVER))
                .editMetadata()
                .withAnnotations(ingress.annotations() == null ? Map.of() : ingress.annotations())
                .endMetadata()
                .withNewSpec()
                .withIngressClassName(ingress.className())
                .addNewRule()
                .withHost(ingress.host())
                .withNewHttp()
                .addNewPath()
                .withPath(StripeWebhooks.webhookPath(endpoint))
                .withPathType("Exact")
                .withNewBackend()
                .withNewService()
                .withName(StripeWebhooks.receiverName(endpoint))
                .withNewPort()
                .withNumber(ReceiverImage.PORT)
                .endPort()
                .endService()
                .endBackend()
                .endPath()
                .endHttp()
                .endRule()
                .endSpec();
        if (ingress.tls() != null) {
            builder.editSpec()
                    .addNewTl()
                    .withHosts(ingress.host())
                    .withSecretName(ingress.tls().secretName())
                    .endTl()
                    .endSpec();
        }
        return builder.build();
    }

    @Override
    protected Optional<SecondaryToPrimaryMapper<Ingress>> getSecondaryToPrimaryMapper(
            EventSourceContext<StripeWebhookEndpoint> context) {
        return ExposureMapping.ownerAndClaimants(context, ExposureClaims::servedBy);
    }
}
