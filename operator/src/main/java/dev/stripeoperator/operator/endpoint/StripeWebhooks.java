package dev.stripeoperator.operator.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.PlainPath;
import dev.stripeoperator.contract.ReceiverImage;
import io.fabric8.kubernetes.api.model.HasMetadata;

import static dev.stripeoperator.contract.KubernetesApi.APP_NAME;
import static dev.stripeoperator.contract.KubernetesApi.COMPONENT_LABEL;
import static dev.stripeoperator.contract.KubernetesApi.INSTANCE_LABEL;
import static dev.stripeoperator.contract.KubernetesApi.MANAGED_BY_LABEL;
import static dev.stripeoperator.contract.KubernetesApi.NAME_LABEL;
import static dev.stripeoperator.contract.KubernetesApi.OPERATOR;
import static dev.stripeoperator.contract.KubernetesApi.PART_OF_LABEL;

/**
 * Names and labels of an endpoint's children, and the pod settings only the operator decides; what the receiver
 * must agree with is in the contract ({@link ReceiverImage}, {@link dev.stripeoperator.contract.KubernetesApi}).
 */
public final class StripeWebhooks {

    /** Name of the receiver's HTTP port, in its pods and its Service. */
    public static final String HTTP_PORT_NAME = "http";
    /** Mode of the Secret volume files: read by the owner (root) and the group ({@code fsGroup}), nobody else. */
    public static final int SECRET_FILE_MODE = 0440;

    private StripeWebhooks() {}

    /** Name of the operator-owned Secret the receiver reads signing secrets from. */
    public static String signingSecretName(StripeWebhookEndpoint endpoint) {
        return endpoint.getMetadata().getName() + "-signing";
    }

    /** Name of the operator-owned Secret with the forwarding keys, which the receiver signs with and the application mounts. */
    public static String forwardingSecretName(StripeWebhookEndpoint endpoint) {
        return endpoint.getMetadata().getName() + "-forwarding";
    }

    /**
     * Name of the NetworkPolicy that the receivers of every endpoint in a namespace share: no endpoint's child name
     * ({@code <name>-stripe-receiver} and the like) can be it.
     */
    public static final String RECEIVERS_POLICY_NAME = "stripe-webhook-receivers";

    /** Name of the receiver Deployment, Service, Ingress/HTTPRoute, PDB and HPA. */
    public static String receiverName(StripeWebhookEndpoint endpoint) {
        return endpoint.getMetadata().getName() + "-stripe-receiver";
    }

    /** Name of the backfill CronJob; it keeps the name of the {@code reconcile} command its pods run. */
    public static String backfillCronJobName(StripeWebhookEndpoint endpoint) {
        return endpoint.getMetadata().getName() + "-stripe-reconcile";
    }

    /** `namespace/name`, the receiver's ENDPOINT_NAME and dedupe namespace. */
    public static String endpointName(StripeWebhookEndpoint endpoint) {
        return endpoint.getMetadata().getNamespace() + "/"
                + endpoint.getMetadata().getName();
    }

    /**
     * The path the receiver takes POSTs on: the exposed path (default {@code /webhooks/stripe/<namespace>/<name>},
     * so that many endpoints share one host) or {@link ReceiverImage#WEBHOOK_PATH} when not exposed. A path the CRD
     * refuses ({@link #pathRefusal}) gives way to the default: the receiver would not start on a route pattern, or would
     * match more than the path.
     */
    public static String webhookPath(StripeWebhookEndpoint endpoint) {
        Exposure exposure = endpoint.getSpec().exposure();
        if (exposure == null || (exposure.ingress() == null && exposure.httpRoute() == null)) {
            return ReceiverImage.WEBHOOK_PATH;
        }
        String explicit = explicitPath(exposure);
        return explicit != null && PlainPath.isPlain(explicit) ? explicit : defaultWebhookPath(endpoint);
    }

    /**
     * Why the exposure's path is refused, when the CRD refuses it now in an endpoint stored before it did: nothing routes
     * it and the receiver does not serve it. Empty for a plain path, or none.
     */
    public static Optional<String> pathRefusal(StripeWebhookEndpoint endpoint) {
        Exposure exposure = endpoint.getSpec().exposure();
        return Optional.ofNullable(exposure == null ? null : explicitPath(exposure))
                .filter(path -> !PlainPath.isPlain(path))
                .map(path -> "spec.exposure " + Hostnames.PATH_MESSAGE + ", got '" + path + "': nothing routes it, and"
                        + " the receiver serves " + defaultWebhookPath(endpoint) + " until it is changed");
    }

    private static String explicitPath(Exposure exposure) {
        if (exposure.ingress() != null) {
            return exposure.ingress().path();
        }
        return exposure.httpRoute() == null ? null : exposure.httpRoute().path();
    }

    /** The path an exposed endpoint is reached at unless its spec names one: {@code /webhooks/stripe/<namespace>/<name>}. */
    public static String defaultWebhookPath(StripeWebhookEndpoint endpoint) {
        return ReceiverImage.WEBHOOK_PATH + "/" + endpoint.getMetadata().getNamespace() + "/"
                + endpoint.getMetadata().getName();
    }

    /**
     * The https URL Stripe reaches the receiver at, as the spec exposes it: the Ingress host with TLS, or the
     * HTTPRoute's first hostname (TLS terminates at the Gateway). Empty when the spec gives no such URL.
     */
    public static Optional<String> publicUrl(StripeWebhookEndpoint endpoint) {
        var exposure = endpoint.getSpec().exposure();
        if (exposure == null) {
            return Optional.empty();
        }
        if (exposure.ingress() != null && exposure.ingress().tls() != null) {
            return Optional.of("https://" + exposure.ingress().host() + webhookPath(endpoint));
        }
        if (exposure.httpRoute() != null
                && exposure.httpRoute().hostnames() != null
                && !exposure.httpRoute().hostnames().isEmpty()) {
            return Optional.of("https://" + exposure.httpRoute().hostnames().getFirst() + webhookPath(endpoint));
        }
        return Optional.empty();
    }

    /** The name of the endpoint a labelled child belongs to (in the child's namespace), from its instance label. */
    public static Optional<String> instanceOf(HasMetadata child) {
        Map<String, String> labels = child.getMetadata().getLabels();
        return Optional.ofNullable(labels == null ? null : labels.get(INSTANCE_LABEL));
    }

    /** The standard labels of a child of the given component. */
    public static Map<String, String> labels(StripeWebhookEndpoint endpoint, String component) {
        Map<String, String> labels = new LinkedHashMap<>(sharedLabels(component));
        labels.put(INSTANCE_LABEL, endpoint.getMetadata().getName());
        return labels;
    }

    /**
     * The labels of what the operator keeps for all endpoints of a namespace at once, for {@code component}: those of
     * an endpoint's child without the instance.
     */
    public static Map<String, String> sharedLabels(String component) {
        Map<String, String> labels = new LinkedHashMap<>(sharedSelector(component));
        labels.put(PART_OF_LABEL, OPERATOR);
        return labels;
    }

    /** The labels that select the pods of {@code component} of every endpoint in a namespace. */
    public static Map<String, String> sharedSelector(String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME_LABEL, APP_NAME);
        labels.put(COMPONENT_LABEL, component);
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
