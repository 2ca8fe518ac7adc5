package dev.stripeoperator.operator.secrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.stripeoperator.operator.endpoint.ConditionReason;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.Sink;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * The user-owned Secrets an endpoint references, read from the operator's informer cache.
 *
 * @param signing the webhook signing secret; null in managed mode, where Stripe gives it
 * @param database the JDBC URL
 * @param apiKey the Stripe API key of the backfill; null when reconciliation is off
 * @param stripeApiKey the Stripe API key the operator manages the Stripe endpoint with; null unless managed
 * @param sinkCredentials what the receiver mounts for its sink (bearer token, full-event API key): never read by the
 *     operator, checked so that a missing one is a condition rather than a receiver pod that cannot start; a bearer
 *     token the sink would get in clear is a problem too, whatever the Secret holds
 */
public record ReferencedSecrets(
        SecretValue signing,
        SecretValue database,
        SecretValue apiKey,
        SecretValue stripeApiKey,
        List<SecretValue> sinkCredentials) {

    /** The references of an endpoint whose Stripe endpoint is not managed and whose sink needs no credentials. */
    public ReferencedSecrets(SecretValue signing, SecretValue database, SecretValue apiKey) {
        this(signing, database, apiKey, null, List.of());
    }

    /** Looks up every reference of the endpoint; {@code lookup} finds a Secret by name in its namespace. */
    public static ReferencedSecrets resolve(StripeWebhookEndpoint endpoint, Function<String, Optional<Secret>> lookup) {
        StripeWebhookEndpointSpec spec = endpoint.getSpec();
        String namespace = endpoint.getMetadata().getNamespace();
        return new ReferencedSecrets(
                // Managed, the signing secret comes from Stripe: a secretRef left in the spec is not read.
                spec.signingSecret().secretRef() == null || spec.isManaged()
                        ? null
                        : read(spec.signingSecret().secretRef(), namespace, lookup),
                read(spec.database().urlSecretRef(), namespace, lookup),
                spec.reconciliation() == null
                        ? null
                        : read(spec.reconciliation().apiKeySecretRef(), namespace, lookup),
                spec.isManaged() ? read(spec.stripe().apiKeySecretRef(), namespace, lookup) : null,
                sinkCredentials(spec.sink(), namespace, lookup));
    }

    private static List<SecretValue> sinkCredentials(
            Sink sink, String namespace, Function<String, Optional<Secret>> lookup) {
        List<SecretValue> values = new ArrayList<>();
        if (sink != null && sink.bearerTokenSecretRef() != null) {
            values.add(
                    sink.sendsTokenInClear()
                            ? tokenInClear(sink.bearerTokenSecretRef(), namespace)
                            : read(sink.bearerTokenSecretRef(), namespace, lookup));
        }
        if (sink != null && sink.fetchFullEvents() != null) {
            values.add(read(sink.fetchFullEvents().apiKeySecretRef(), namespace, lookup));
        }
        return values;
    }

    /**
     * The sink of an endpoint stored before the CRD refused it would get the token in clear: the receiver forwards
     * nothing until it is fixed, and the token's Secret is not mounted.
     */
    private static SecretValue tokenInClear(SecretKeyRef ref, String namespace) {
        return SecretValue.problem(
                ref,
                ConditionReason.BEARER_TOKEN_IN_CLEAR,
                "spec.sink.uri: " + Sink.TOKEN_MESSAGE + "; the receiver stores events and forwards none until then,"
                        + " and the token of Secret " + namespace + "/" + ref.name() + " is not mounted");
    }

    private static List<SecretKeyRef> sinkCredentialRefs(StripeWebhookEndpointSpec spec) {
        List<SecretKeyRef> refs = new ArrayList<>();
        if (spec.sink() != null && spec.sink().bearerTokenSecretRef() != null) {
            refs.add(spec.sink().bearerTokenSecretRef());
        }
        if (spec.sink() != null && spec.sink().fetchFullEvents() != null) {
            refs.add(spec.sink().fetchFullEvents().apiKeySecretRef());
        }
        return refs;
    }

    /** Every Secret name an endpoint references, for the informer's secondary-to-primary index. */
    public static List<String> namesReferencedBy(StripeWebhookEndpoint endpoint) {
        StripeWebhookEndpointSpec spec = endpoint.getSpec();
        List<String> names = new ArrayList<>();
        if (spec == null) {
            return names;
        }
        if (spec.signingSecret() != null && spec.signingSecret().secretRef() != null) {
            names.add(spec.signingSecret().secretRef().name());
        }
        if (spec.database() != null && spec.database().urlSecretRef() != null) {
            names.add(spec.database().urlSecretRef().name());
        }
        if (spec.reconciliation() != null && spec.reconciliation().apiKeySecretRef() != null) {
            names.add(spec.reconciliation().apiKeySecretRef().name());
        }
        if (spec.stripe() != null && spec.stripe().apiKeySecretRef() != null) {
            names.add(spec.stripe().apiKeySecretRef().name());
        }
        sinkCredentialRefs(spec).forEach(ref -> names.add(ref.name()));
        return names;
    }

    /** The references whose value is unusable, in spec order. */
    public List<SecretValue> problems() {
        List<SecretValue> problems = new ArrayList<>();
        List<SecretValue> all = new ArrayList<>(Arrays.asList(signing, database, apiKey, stripeApiKey));
        all.addAll(sinkCredentials);
        for (SecretValue value : all) {
            if (value != null && value.value() == null) {
                problems.add(value);
            }
        }
        return problems;
    }

    /** The user's signing secret, when there is one with a value (never in managed mode). */
    public Optional<String> signingValue() {
        return signing == null ? Optional.empty() : signing.present();
    }

    /** The value of {@code ref} in the Secret {@code lookup} finds, or why there is none. */
    public static SecretValue read(SecretKeyRef ref, String namespace, Function<String, Optional<Secret>> lookup) {
        String where = "Secret " + namespace + "/" + ref.name();
        Optional<Secret> secret = lookup.apply(ref.name());
        if (secret.isEmpty()) {
            return SecretValue.problem(
                    ref, ConditionReason.SECRET_NOT_FOUND, where + " not found (key " + ref.key() + ")");
        }
        String value = valueOf(secret.get(), ref.key());
        if (value == null) {
            return SecretValue.problem(ref, ConditionReason.SECRET_KEY_NOT_FOUND, where + " has no key " + ref.key());
        }
        if (value.isBlank()) {
            return SecretValue.problem(
                    ref, ConditionReason.SECRET_KEY_EMPTY, "key " + ref.key() + " of " + where + " is empty");
        }
        return SecretValue.found(ref, value.strip(), version(secret.get()));
    }

    /** Which version of which Secret: {@code <uid>/<resourceVersion>}, new when it is changed or made anew. */
    static String version(Secret secret) {
        return secret.getMetadata().getUid() + "/" + secret.getMetadata().getResourceVersion();
    }

    private static String valueOf(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            String encoded = secret.getData().get(key);
            return encoded == null ? "" : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        }
        // The API server folds stringData into data; the test API server keeps it as written.
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            String plain = secret.getStringData().get(key);
            return plain == null ? "" : plain;
        }
        return null;
    }
}
