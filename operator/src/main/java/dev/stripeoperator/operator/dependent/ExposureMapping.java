package dev.stripeoperator.operator.dependent;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.exposure.ExposureClaims;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;

/**
 * Maps an Ingress or HTTPRoute event to its owner and to every endpoint asking for a host and path it
 * serves, so that an endpoint refused for a conflict is reconciled as soon as the holder lets go.
 */
final class ExposureMapping {

    private ExposureMapping() {}

    static <R extends HasMetadata> Optional<SecondaryToPrimaryMapper<R>> ownerAndClaimants(
            EventSourceContext<StripeWebhookEndpoint> context, Function<R, List<String>> served) {
        SecondaryToPrimaryMapper<R> owner = Mappers.fromOwnerReferences(StripeWebhookEndpoint.class);
        return Optional.of(resource -> {
            Set<ResourceID> primaries = new HashSet<>(owner.toPrimaryResourceIDs(resource));
            for (String key : served.apply(resource)) {
                context.getPrimaryCache()
                        .byIndex(ExposureClaims.INDEX, key)
                        .forEach(endpoint -> primaries.add(ResourceID.fromResource(endpoint)));
            }
            return primaries;
        });
    }
}
