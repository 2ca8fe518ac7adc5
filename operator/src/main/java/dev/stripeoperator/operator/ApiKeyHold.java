package dev.stripeoperator.operator;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * The finalizer a managed endpoint keeps on its Stripe API key Secret while Stripe endpoints may exist that only that
 * key can delete: {@code kubectl delete namespace} deletes the key and the endpoint at once, and the finalizer keeps the
 * key until the endpoint's cleanup has deleted its Stripe endpoints with it.
 *
 * <p>The finalizer is added and removed by a JSON patch that tests the Secret first (its uid, the entry removed), so
 * that it never creates a Secret, never takes another's entry and leaves the user's own fields to the user's tools.
 */
final class ApiKeyHold {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FINALIZERS = "/metadata/finalizers";

    private ApiKeyHold() {}

    /** The finalizer of {@code endpoint}: one per endpoint, so endpoints sharing a key each hold it. */
    static String finalizer(StripeWebhookEndpoint endpoint) {
        return KubernetesApi.API_KEY_FINALIZER_PREFIX + endpoint.getMetadata().getName();
    }

    /**
     * Adds the endpoint's finalizer to {@code secret} (as last seen) unless it has it already; a Secret being deleted
     * takes no new finalizer and is left as it is.
     */
    static void hold(KubernetesClient client, StripeWebhookEndpoint endpoint, Secret secret) {
        String finalizer = finalizer(endpoint);
        List<String> finalizers = secret.getMetadata().getFinalizers();
        if (finalizers.contains(finalizer) || secret.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        Map<String, Object> add = finalizers.isEmpty()
                ? Map.of("op", "add", "path", FINALIZERS, "value", List.of(finalizer))
                : Map.of("op", "add", "path", FINALIZERS + "/-", "value", finalizer);
        patch(
                client,
                secret,
                List.of(
                        Map.of(
                                "op",
                                "test",
                                "path",
                                "/metadata/uid",
                                "value",
                                secret.getMetadata().getUid()),
                        add));
    }

    /** Removes the endpoint's finalizer from the Secret {@code name}, if it exists and has it. */
    static void release(KubernetesClient client, StripeWebhookEndpoint endpoint, String name) {
        String finalizer = finalizer(endpoint);
        Optional<Secret> secret = Optional.ofNullable(client.secrets()
                .inNamespace(endpoint.getMetadata().getNamespace())
                .withName(name)
                .get());
        if (secret.isEmpty()) {
            return;
        }
        int at = secret.get().getMetadata().getFinalizers().indexOf(finalizer);
        if (at < 0) {
            return;
        }
        String entry = FINALIZERS + "/" + at;
        patch(
                client,
                secret.get(),
                List.of(
                        Map.of("op", "test", "path", entry, "value", finalizer),
                        Map.of("op", "remove", "path", entry)));
    }

    private static void patch(KubernetesClient client, Secret secret, List<Map<String, Object>> operations) {
        try {
            client.secrets()
                    .inNamespace(secret.getMetadata().getNamespace())
                    .withName(secret.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON), JSON.writeValueAsString(operations));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
