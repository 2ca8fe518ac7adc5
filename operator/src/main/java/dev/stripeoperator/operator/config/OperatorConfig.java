package dev.stripeoperator.operator.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

import dev.stripeoperator.contract.LogFormat;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.contract.Settings;
import dev.stripeoperator.operator.endpoint.ReceiverPod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

/**
 * The operator's configuration, read once from the environment at start.
 *
 * @param watchNamespaces namespaces whose endpoints are managed; empty means all namespaces
 * @param receiverImage default receiver image of endpoints that set none
 * @param receiverImagePullPolicy pull policy of receiver and reconcile containers
 * @param receiverResources default container resources of endpoints that set none
 * @param receiverDefaults default pod and forwarding settings of endpoints, for what they leave unset
 * @param leaderElection whether replicas elect a leader through a Lease (only the leader reconciles)
 * @param operatorNamespace namespace of the operator's own pod, where the Lease lives; null when not given
 * @param leaseName name of the Lease the replicas elect their leader with; one per installation
 * @param healthPort port of /healthz, /readyz and /metrics
 * @param reconcileThreads endpoints and replays reconciled at once, and children applied at once across them
 * @param logLevel java.util.logging level of the operator's own loggers; its libraries' log at INFO at most
 * @param logFormat how the operator writes its log lines, and the receiver and backfill pods theirs
 * @param stripeApiBase base URL of the Stripe API that managed endpoints are registered in
 * @param stripeApiVersion API version of managed Stripe endpoints whose spec pins none
 * @param clusterName the cluster's name in the metadata of managed Stripe endpoints; null when not set
 */
public record OperatorConfig(
        Set<String> watchNamespaces,
        String receiverImage,
        String receiverImagePullPolicy,
        ResourceRequirements receiverResources,
        ReceiverDefaults receiverDefaults,
        boolean leaderElection,
        String operatorNamespace,
        String leaseName,
        int healthPort,
        int reconcileThreads,
        Level logLevel,
        LogFormat logFormat,
        String stripeApiBase,
        String stripeApiVersion,
        String clusterName) {

    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
    /** The Lease of an installation that names none; two installations in one namespace must name different ones. */
    public static final String DEFAULT_LEASE_NAME = "stripe-webhook-operator";
    /**
     * JOSDK's default, 50 reconciles and 50 appliers, sends a burst of hundreds of requests when many endpoints are
     * created at once; an API server that shares a few cores with etcd answers part of them 504, and each failure costs
     * an error status write and a backoff. A reconcile mostly waits for the API server, so a few threads keep it busy.
     */
    public static final int DEFAULT_RECONCILE_THREADS = 10;
    /** Stripe's API. */
    public static final String DEFAULT_STRIPE_API_BASE = "https://api.stripe.com";

    /**
     * Reads the configuration; {@code version} is the operator's own version, the default image tag.
     *
     * @throws SettingException naming the first setting that is invalid
     */
    public static OperatorConfig fromEnvironment(Map<String, String> env, String version) {
        Settings settings = new Settings(env);
        boolean leaderElection = settings.bool("OPERATOR_LEADER_ELECTION", false);
        String operatorNamespace = settings.text("OPERATOR_NAMESPACE", null);
        if (leaderElection && operatorNamespace == null) {
            throw new SettingException(
                    "OPERATOR_LEADER_ELECTION=true needs OPERATOR_NAMESPACE, the namespace of the operator's Lease");
        }
        return new OperatorConfig(
                Set.copyOf(settings.list("WATCH_NAMESPACES", List.of())),
                settings.text("RECEIVER_IMAGE", "ghcr.io/stripe-webhook-operator/receiver:" + version),
                settings.oneOf("RECEIVER_IMAGE_PULL_POLICY", "IfNotPresent", PULL_POLICIES),
                receiverResources(settings),
                settings.text("RECEIVER_DEFAULTS").map(ReceiverDefaults::parse).orElse(ReceiverDefaults.NONE),
                leaderElection,
                operatorNamespace,
                objectName(settings, "OPERATOR_LEASE_NAME", DEFAULT_LEASE_NAME),
                settings.integer("OPERATOR_HEALTH_PORT", 8081, 0, 65535),
                settings.integer("OPERATOR_RECONCILE_THREADS", DEFAULT_RECONCILE_THREADS, 1, 200),
                level(settings, "LOG_LEVEL", Level.INFO),
                LogFormat.read(settings, "LOG_FORMAT"),
                apiBase(settings, "STRIPE_API_BASE", DEFAULT_STRIPE_API_BASE),
                settings.text("STRIPE_API_VERSION", com.stripe.Stripe.API_VERSION),
                settings.text("OPERATOR_CLUSTER_NAME")
                        .map(name -> clusterName("OPERATOR_CLUSTER_NAME", name))
                        .orElse(null));
    }

    /** Stripe metadata values are at most 500 characters; a name people recognize in the Dashboard needs far fewer. */
    private static String clusterName(String setting, String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw SettingException.invalid(
                    setting, "1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit", name);
        }
        return name;
    }

    /** Whether every namespace is watched. */
    public boolean watchesAllNamespaces() {
        return watchNamespaces.isEmpty();
    }

    /**
     * Requests, and a memory limit, by default; a CPU limit only when asked for: it throttles a busy receiver (slower
     * acknowledgements, Stripe retries) while CPU is idle on the node, and the request already reserves its share.
     */
    private static ResourceRequirements receiverResources(Settings settings) {
        ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder()
                .addToRequests("cpu", quantity(settings, "RECEIVER_CPU_REQUEST", "100m"))
                .addToRequests("memory", quantity(settings, "RECEIVER_MEMORY_REQUEST", "256Mi"))
                .addToLimits("memory", quantity(settings, "RECEIVER_MEMORY_LIMIT", "512Mi"));
        if (settings.text("RECEIVER_CPU_LIMIT").isPresent()) {
            resources.addToLimits("cpu", quantity(settings, "RECEIVER_CPU_LIMIT", null));
        }
        return resources.build();
    }

    private static Quantity quantity(Settings settings, String name, String fallback) {
        String value = settings.text(name, fallback);
        try {
            Quantity quantity = new Quantity(value);
            if (Quantity.getAmountInBytes(quantity).signum() > 0) {
                return quantity;
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            // Reported below.
        }
        throw SettingException.invalid(name, "a positive Kubernetes quantity such as 250m or 512Mi", value);
    }

    /** A Kubernetes object name (a DNS subdomain: lower case, digits, '-' and '.', at most 253 characters). */
    private static String objectName(Settings settings, String name, String fallback) {
        String value = settings.text(name, fallback);
        if (value.length() > 253 || !value.matches(ReceiverPod.OBJECT_NAME_PATTERN)) {
            throw SettingException.invalid(
                    name, "a Kubernetes object name: lower case letters, digits, '-' and '.', at most 253", value);
        }
        return value;
    }

    /** An absolute http(s) URL without a trailing slash. */
    private static String apiBase(Settings settings, String name, String fallback) {
        String value = settings.text(name, fallback);
        try {
            java.net.URI uri = new java.net.URI(value);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return value.replaceAll("/+$", "");
            }
        } catch (java.net.URISyntaxException e) {
            // Reported below.
        }
        throw SettingException.invalid(name, "an absolute http(s) URL such as https://api.stripe.com", value);
    }

    private static Level level(Settings settings, String name, Level fallback) {
        return settings.text(name)
                .map(value -> switch (value.toUpperCase(Locale.ROOT)) {
                    case "TRACE", "FINEST" -> Level.FINEST;
                    case "DEBUG", "FINE" -> Level.FINE;
                    case "INFO" -> Level.INFO;
                    case "WARN", "WARNING" -> Level.WARNING;
                    case "ERROR", "SEVERE" -> Level.SEVERE;
                    case "OFF" -> Level.OFF;
                    default ->
                        throw SettingException.invalid(name, "one of TRACE, DEBUG, INFO, WARN, ERROR, OFF", value);
                })
                .orElse(fallback);
    }
}
