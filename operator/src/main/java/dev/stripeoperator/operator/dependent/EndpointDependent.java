package dev.stripeoperator.operator.dependent;

import java.util.function.Function;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/** An owned child of an endpoint, created and kept equal to {@code desired()}. */
abstract class EndpointDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, StripeWebhookEndpoint> {

    private final Function<StripeWebhookEndpoint, String> naming;

    /** {@code naming} gives the child's name for an endpoint; the child lives in the endpoint's namespace. */
    EndpointDependent(Class<R> resourceType, Function<StripeWebhookEndpoint, String> naming) {
        super(resourceType);
        this.naming = naming;
    }

    /**
     * Found by name rather than by computing {@code desired()}, which may read the actual child or need
     * spec fields that are gone when the child is being deleted.
     */
    @Override
    protected ResourceID targetSecondaryResourceID(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return new ResourceID(naming.apply(endpoint), endpoint.getMetadata().getNamespace());
    }

    /**
     * Without server-side apply, JOSDK's matcher ignores fields that are in the actual resource but no
     * longer desired, so a removed environment variable or Secret key would stay forever; compare the
     * desired fields strictly instead. Server-side apply (the default on real clusters) is exact anyway.
     */
    @Override
    public Result<R> match(R actual, R desired, StripeWebhookEndpoint primary, Context<StripeWebhookEndpoint> context) {
        if (useSSA(context)) {
            return super.match(actual, desired, primary, context);
        }
        addMetadata(true, actual, desired, primary, context);
        return GenericKubernetesResourceMatcher.match(desired, actual, false, true, context);
    }
}
