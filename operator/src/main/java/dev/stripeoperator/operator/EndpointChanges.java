package dev.stripeoperator.operator;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;

/**
 * The changes of an endpoint that call for a reconcile: its spec (a new generation), its deletion and finalizers, and
 * the annotations a person sets to rotate or release its Stripe endpoints; not its status, which the operator writes.
 */
public class EndpointChanges implements OnUpdateFilter<StripeWebhookEndpoint> {

    @Override
    public boolean accept(StripeWebhookEndpoint updated, StripeWebhookEndpoint old) {
        ObjectMeta now = updated.getMetadata();
        ObjectMeta before = old.getMetadata();
        return !Objects.equals(now.getGeneration(), before.getGeneration())
                || !Objects.equals(now.getDeletionTimestamp(), before.getDeletionTimestamp())
                || !Objects.equals(now.getFinalizers(), before.getFinalizers())
                || !Objects.equals(
                        annotation(now, KubernetesApi.ROTATE_ANNOTATION),
                        annotation(before, KubernetesApi.ROTATE_ANNOTATION))
                || !Objects.equals(
                        annotation(now, KubernetesApi.RELEASE_ANNOTATION),
                        annotation(before, KubernetesApi.RELEASE_ANNOTATION));
    }

    private static Optional<String> annotation(ObjectMeta metadata, String name) {
        Map<String, String> annotations = metadata.getAnnotations();
        return Optional.ofNullable(annotations).map(a -> a.get(name));
    }
}
