package dev.stripeoperator.operator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Names, labels and fixed settings shared by the operator's children of an endpoint. */
public final class StripeWebhooks {

    /** The operator's name, as `app.kubernetes.io/managed-by` and `part-of`. */
    public static final String OPERATOR = "stripe-webhook-operator";
    /** The receiver's HTTP port, also the Service port, named `http`. */
    public static final int HTTP_PORT = 8080;
    /** Name of the receiver's HTTP port. */
    public static final String HTTP_PORT_NAME = "http";
    /** The receiver's POST path when the endpoint is not exposed. */
    public static final String DEFAULT_WEBHOOK_PATH = "/webhooks/stripe";
    /** The receiver image's numeric user and group (receiver/Dockerfile): its pods run as it and own their volumes. */
    public static final long RECEIVER_USER = 10001;
    /** Mode of the Secret volume files: read by the owner (root) and the group ({@code fsGroup}), nobody else. */
    public static final int SECRET_FILE_MODE = 0440;
    /** Where the signing Secret is mounted in receiver pods. */
    public static final String SIGNING_SECRETS_DIR = "/etc/stripe/signing";
    /** Where the Stripe API key Secret is mounted in reconcile pods. */
    public static final String API_KEY_DIR = "/etc/stripe/api";
    /** File name of the API key inside {@link #API_KEY_DIR}. */
    public static final String API_KEY_FILE = "key";
    /** Signing Secret key of the current signing secret. */
    public static final String CURRENT = "current";
    /** Signing Secret key of the previous, still accepted signing secret. */
    public static final String PREVIOUS = "previous";
    /** Signing Secret key of the RFC 3339 instant the previous secret stops being accepted. */
    public static final String PREVIOUS_EXPIRES_AT = "previous-expires-at";
    /** Pod template annotation carrying the hash of the database URL; a change rolls the pods. */
    public static final String DATABASE_HASH_ANNOTATION = StripeWebhookEndpoint.GROUP + "/database-url-hash";

    /** `app.kubernetes.io/component` of the receiver Deployment, Service and its network objects. */
    public static final String COMPONENT_RECEIVER = "receiver";
    /** `app.kubernetes.io/component` of the reconcile CronJob. */
    public static final String COMPONENT_RECONCILE = "reconcile";
    /** `app.kubernetes.io/component` of the signing Secret. */
    public static final String COMPONENT_SIGNING = "signing-secret";

    /** Label selector matching everything the operator manages, for its informers. */
    public static final String MANAGED_BY_SELECTOR = "app.kubernetes.io/managed-by=" + OPERATOR;

    private static final String NAME_LABEL = "app.kubernetes.io/name";
    private static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    private static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    private static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
    private static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    private static final String APP_NAME = "stripe-webhook-receiver";

    /** Label selector matching the pods of every endpoint's reconcile Jobs (they carry the CronJob template's labels). */
    public static final String RECONCILE_PODS_SELECTOR =
            MANAGED_BY_SELECTOR + "," + COMPONENT_LABEL + "=" + COMPONENT_RECONCILE;

    private StripeWebhooks() {
    }

    /** Name of the operator-owned Secret the receiver reads signing secrets from. */
    public static String signingSecretName(StripeWebhookEndpoint endpoint) {
        return endpoint.getMetadata().getName() + "-signing";
    }

    /** Name of the receiver Deployment, Service, Ingress/HTTPRoute, NetworkPolicy, PDB and HPA. */
    public static String receiverName(StripeWebhookEndpoint endpoint) {
        return endpoint.getMetadata().getName() + "-stripe-receiver";
    }

    /** Name of the reconcile CronJob. */
    public static String reconcileName(StripeWebhookEndpoint endpoint) {
        return endpoint.getMetadata().getName() + "-stripe-reconcile";
    }

    /** `namespace/name`, the receiver's ENDPOINT_NAME and dedupe namespace. */
    public static String endpointName(StripeWebhookEndpoint endpoint) {
        return endpoint.getMetadata().getNamespace() + "/" + endpoint.getMetadata().getName();
    }

    /**
     * The path the receiver takes POSTs on: the exposed path (default {@code /webhooks/stripe/<namespace>/<name>},
     * so that many endpoints share one host) or {@link #DEFAULT_WEBHOOK_PATH} when not exposed.
     */
    public static String webhookPath(StripeWebhookEndpoint endpoint) {
        Exposure exposure = endpoint.getSpec().exposure();
        String explicit = null;
        if (exposure == null || (exposure.ingress() == null && exposure.httpRoute() == null)) {
            return DEFAULT_WEBHOOK_PATH;
        } else if (exposure.ingress() != null) {
            explicit = exposure.ingress().path();
        } else {
            explicit = exposure.httpRoute().path();
        }
        return explicit != null ? explicit
                : DEFAULT_WEBHOOK_PATH + "/" + endpoint.getMetadata().getNamespace() + "/" + endpoint.getMetadata().getName();
    }

    /** The name of the endpoint a labelled child belongs to (in the child's namespace), from its instance label. */
    public static Optional<String> instanceOf(HasMetadata child) {
        Map<String, String> labels = child.getMetadata().getLabels();
        return Optional.ofNullable(labels == null ? null : labels.get(INSTANCE_LABEL));
    }

    /** The standard labels of a child of the given component. */
    public static Map<String, String> labels(StripeWebhookEndpoint endpoint, String component) {
        Map<String, String> labels = new LinkedHashMap<>(selector(endpoint, component));
        labels.put(PART_OF_LABEL, OPERATOR);
        labels.put(MANAGED_BY_LABEL, OPERATOR);
        return labels;
    }

    /** The labels that select an endpoint's pods of one component; stable for the life of the endpoint. */
    public static Map<String, String> selector(StripeWebhookEndpoint endpoint, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME_LABEL, APP_NAME);
        labels.put(INSTANCE_LABEL, endpoint.getMetadata().getName());
        labels.put(COMPONENT_LABEL, component);
        return labels;
    }

}
