package dev.stripeoperator.operator.stripe;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * What a managed endpoint's signing Secret records in its annotations about the Stripe endpoints it was given: which
 * one each kept secret belongs to, the installation that made or adopted them and the API key Secret they were made
 * with (so that they can be deleted with that key when the spec moves away from it), and the last rotation request
 * handled.
 *
 * @param currentId the Stripe endpoint whose secret is {@code current}; null when none
 * @param previousId during a rotation, the replaced Stripe endpoint whose secret is {@code previous}; null otherwise
 * @param owner the ClusterIdentity that made or adopted them; null when recorded by a version before it
 * @param apiKey the API key Secret and key ({@code name/key}) they were made with; null when not recorded
 * @param rotationRequest the value of the rotate annotation last turned into a rotation; null when none
 */
public record StripeRecord(String currentId, String previousId, String owner, String apiKey, String rotationRequest) {

    /** Nothing recorded. */
    public static final StripeRecord NONE = new StripeRecord(null, null, null, null, null);

    /** The record of a signing Secret, as the API server has it. */
    public static StripeRecord of(Optional<Secret> signingSecret) {
        Map<String, String> annotations =
                signingSecret.map(s -> s.getMetadata().getAnnotations()).orElse(null);
        if (annotations == null) {
            return NONE;
        }
        return new StripeRecord(
                annotations.get(KubernetesApi.STRIPE_ENDPOINT_ANNOTATION),
                annotations.get(KubernetesApi.PREVIOUS_STRIPE_ENDPOINT_ANNOTATION),
                annotations.get(KubernetesApi.STRIPE_OWNER_ANNOTATION),
                annotations.get(KubernetesApi.STRIPE_API_KEY_ANNOTATION),
                annotations.get(KubernetesApi.ROTATE_ANNOTATION));
    }

    /** The form {@link #apiKey} records a key reference in. */
    public static String keyOf(SecretKeyRef ref) {
        return ref.name() + "/" + ref.key();
    }

    /** The recorded Stripe endpoints. */
    public Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        Optional.ofNullable(currentId).ifPresent(ids::add);
        Optional.ofNullable(previousId).ifPresent(ids::add);
        return ids;
    }

    /** Whether any Stripe endpoint is recorded. */
    public boolean hasEndpoints() {
        return currentId != null || previousId != null;
    }

    /** The recorded API key Secret and key; empty when none is recorded (or the record is not one of ours). */
    public Optional<SecretKeyRef> apiKeyRef() {
        int slash = apiKey == null ? -1 : apiKey.indexOf('/');
        if (slash <= 0 || slash == apiKey.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new SecretKeyRef(apiKey.substring(0, slash), apiKey.substring(slash + 1)));
    }

    /** The same record without Stripe endpoints: what is left once they are deleted or let go of. */
    public StripeRecord withoutEndpoints() {
        return new StripeRecord(null, null, owner, apiKey, rotationRequest);
    }

    /**
     * The annotations that record this: ids only for the secrets still kept ({@code currentKept}, {@code previousKept});
     * owner and key always, as the API key Secret the endpoint holds is found by them; the last rotation request.
     */
    public Map<String, String> annotations(boolean currentKept, boolean previousKept) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (currentKept && currentId != null) {
            annotations.put(KubernetesApi.STRIPE_ENDPOINT_ANNOTATION, currentId);
        }
        if (previousKept && previousId != null) {
            annotations.put(KubernetesApi.PREVIOUS_STRIPE_ENDPOINT_ANNOTATION, previousId);
        }
        Optional.ofNullable(owner).ifPresent(o -> annotations.put(KubernetesApi.STRIPE_OWNER_ANNOTATION, o));
        Optional.ofNullable(apiKey).ifPresent(k -> annotations.put(KubernetesApi.STRIPE_API_KEY_ANNOTATION, k));
        Optional.ofNullable(rotationRequest).ifPresent(r -> annotations.put(KubernetesApi.ROTATE_ANNOTATION, r));
        return annotations;
    }
}
