package dev.stripeoperator.operator.dependent;

import java.util.function.Function;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/** An owned child of an endpoint, created and kept equal to {@code desired()}. */
abstract class EndpointDependent<R extends HasMetadata>
        extends CRUDKubernetesDependentResource<R, StripeWebhookEndpoint> {

    private final Function<StripeWebhookEndpoint, String> naming;

    /** {@code naming} gives the child's name for an endpoint; the child lives in the endpoint's namespace. */
    EndpointDependent(Class<R> resourceType, Function<StripeWebhookEndpoint, String> naming) {
        super(resourceType);
        this.naming = naming;
    }

    /**
     * The metadata of the child called {@code name}: the endpoint's namespace and the standard labels of
     * {@code component}. JOSDK adds the owner reference.
     */
    static ObjectMeta metadata(String name, StripeWebhookEndpoint endpoint, String component) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(endpoint.getMetadata().getNamespace())
                .withLabels(StripeWebhooks.labels(endpoint, component))
                .build();
    }

    /**
     * Found by name rather than by computing {@code desired()}, which may read the actual child or need
     * spec fields that are gone when the child is being deleted.
     */
    @Override
    protected ResourceID targetSecondaryResourceID(
            StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return new ResourceID(naming.apply(endpoint), endpoint.getMetadata().getNamespace());
    }
}
