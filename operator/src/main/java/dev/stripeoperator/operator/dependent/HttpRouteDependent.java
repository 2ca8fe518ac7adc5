package dev.stripeoperator.operator.dependent;

import java.util.Optional;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.operator.endpoint.HttpRouteExposure;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.operator.exposure.ExposureClaims;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;

/**
 * Gateway API HTTPRoute {@code <name>-stripe-receiver}: exactly the endpoint's path on its hostnames to the
 * receiver Service. Present only while {@code spec.exposure.httpRoute} is set, the Gateway API is installed
 * and no other endpoint holds the same host and path.
 */
@KubernetesDependent(
        informer = @Informer(labelSelector = KubernetesApi.MANAGED_BY_SELECTOR, onUpdateFilter = ChildChanges.class))
public class HttpRouteDependent extends EndpointDependent<HTTPRoute> {

    /** Name of this dependent and its event source. */
    public static final String NAME = "receiver-httproute";

    /** Creates the dependent. */
    public HttpRouteDependent() {
        super(HTTPRoute.class, StripeWebhooks::receiverName);
    }

    @Override
    protected HTTPRoute desired(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return desired(endpoint);
    }

    /** The HTTPRoute {@code spec.exposure.httpRoute} of {@code endpoint} asks for. */
    static HTTPRoute desired(StripeWebhookEndpoint endpoint) {
        HttpRouteExposure route = endpoint.getSpec().exposure().httpRoute();
        return new HTTPRouteBuilder()
                .withMetadata(
                        metadata(StripeWebhooks.receiverName(endpoint), endpoint, KubernetesApi.COMPONENT_RECEIVER))
                .withNewSpec()
                .withParentRefs(route.parentRefs().stream()
                        .map(HttpRouteDependent::parentRef)
                        .toList())
                .withHostnames(route.hostnames())
                .addNewRule()
                .addNewMatch()
                .withNewPath()
                .withType("Exact")
                .withValue(StripeWebhooks.webhookPath(endpoint))
                .endPath()
                .endMatch()
                .addNewBackendRef()
                .withName(StripeWebhooks.receiverName(endpoint))
                .withPort(ReceiverImage.PORT)
                .endBackendRef()
                .endRule()
                .endSpec()
                .build();
    }

    @Override
    protected Optional<SecondaryToPrimaryMapper<HTTPRoute>> getSecondaryToPrimaryMapper(
            EventSourceContext<StripeWebhookEndpoint> context) {
        return ExposureMapping.ownerAndClaimants(context, ExposureClaims::servedBy);
    }

    private static ParentReference parentRef(dev.stripeoperator.operator.endpoint.ParentRef ref) {
        return new ParentReferenceBuilder()
                .withName(ref.name())
                .withNamespace(ref.namespace())
                .withSectionName(ref.sectionName())
                .build();
    }
}
