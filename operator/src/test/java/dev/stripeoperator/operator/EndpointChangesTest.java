package dev.stripeoperator.operator;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which updates of an endpoint reconcile it: spec, deletion, finalizers and the two annotations people set. */
class EndpointChangesTest {

    private final EndpointChanges changes = new EndpointChanges();

    @Test
    void aNewGenerationDeletionOrFinalizerReconciles() {
        assertThat(accepted(e -> e.getMetadata().setGeneration(2L))).isTrue();
        assertThat(accepted(e -> e.getMetadata().setDeletionTimestamp("2026-12-06T10:00:00Z")))
                .isTrue();
        assertThat(accepted(e -> e.getMetadata().setFinalizers(List.of("webhooks.stripe-operator.dev/finalizer"))))
                .isTrue();
    }

    @Test
    void theRotateAndReleaseAnnotationsReconcileWhenTheyChange() {
        assertThat(accepted(e -> e.getMetadata().getAnnotations().put(KubernetesApi.ROTATE_ANNOTATION, "2")))
                .isTrue();
        assertThat(accepted(e -> e.getMetadata().getAnnotations().put(KubernetesApi.RELEASE_ANNOTATION, "true")))
                .isTrue();
        assertThat(accepted(e -> e.getMetadata().getAnnotations().remove(KubernetesApi.ROTATE_ANNOTATION)))
                .isTrue();
    }

    @Test
    void theOperatorsOwnStatusAndOtherMetadataDoNot() {
        assertThat(accepted(
                        e -> e.setStatus(new StripeWebhookEndpointStatus(1L, null, List.of(), null, null, null, null))))
                .isFalse();
        assertThat(accepted(e -> e.getMetadata().getAnnotations().put("example.com/owner", "team-a")))
                .isFalse();
        assertThat(accepted(e -> e.getMetadata().setResourceVersion("43"))).isFalse();
    }

    private boolean accepted(Consumer<StripeWebhookEndpoint> change) {
        StripeWebhookEndpoint old = endpoint();
        StripeWebhookEndpoint updated = endpoint();
        change.accept(updated);
        return changes.accept(updated, old);
    }

    private static StripeWebhookEndpoint endpoint() {
        StripeWebhookEndpoint endpoint = Fixtures.endpoint("payments", "billing");
        endpoint.getMetadata().setGeneration(1L);
        endpoint.getMetadata().setResourceVersion("42");
        endpoint.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of(KubernetesApi.ROTATE_ANNOTATION, "1")));
        return endpoint;
    }
}
