package dev.stripeoperator.operator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;

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
 * @param leaderElection whether replicas elect a leader through a Lease (only the leader reconciles)
 * @param operatorNamespace namespace of the operator's own pod, where the Lease lives; null when not given
 * @param leaseName name of the Lease the replicas elect their leader with; one per installation
 * @param healthPort port of /healthz, /readyz and /metrics
 * @param logLevel java.util.logging level of the operator's and its libraries' logs
 */
public record OperatorConfig(
        Set<String> watchNamespaces,
        String receiverImage,
        String receiverImagePullPolicy,
        ResourceRequirements receiverResources,
        boolean leaderElection,
        String operatorNamespace,
        String leaseName,
        int healthPort,
        Level logLevel) {

    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
    /** The Lease of an installation that names none; two installations in one namespace must name different ones. */
    public static final String DEFAULT_LEASE_NAME = "stripe-webhook-operator";

    /** Reads the configuration; {@code version} is the operator's own version, the default image tag. */
    public static OperatorConfig fromEnvironment(Map<String, String> env, String version) {
        Settings settings = new Settings(env);
        boolean leaderElection = settings.bool("OPERATOR_LEADER_ELECTION", false);
        String operatorNamespace = settings.text("OPERATOR_NAMESPACE", null);
        if (leaderElection && operatorNamespace == null) {
            throw new IllegalArgumentException(
                    "OPERATOR_LEADER_ELECTION=true needs OPERATOR_NAMESPACE, the namespace of the operator's Lease");
        }
        return new OperatorConfig(
                settings.list("WATCH_NAMESPACES"),
                settings.text("RECEIVER_IMAGE", "ghcr.io/stripe-webhook-operator/receiver:" + version),
                settings.oneOf("RECEIVER_IMAGE_PULL_POLICY", "IfNotPresent", PULL_POLICIES),
                new ResourceRequirementsBuilder()
                        .addToRequests("cpu", settings.quantity("RECEIVER_CPU_REQUEST", "100m"))
                        .addToRequests("memory", settings.quantity("RECEIVER_MEMORY_REQUEST", "256Mi"))
                        .addToLimits("cpu", settings.quantity("RECEIVER_CPU_LIMIT", "1"))
                        .addToLimits("memory", settings.quantity("RECEIVER_MEMORY_LIMIT", "512Mi"))
                        .build(),
                leaderElection,
                operatorNamespace,
                settings.objectName("OPERATOR_LEASE_NAME", DEFAULT_LEASE_NAME),
                settings.port("OPERATOR_HEALTH_PORT", 8081),
                settings.level("LOG_LEVEL", Level.INFO));
    }

    /** Whether every namespace is watched. */
    public boolean watchesAllNamespaces() {
        return watchNamespaces.isEmpty();
    }

    /** Typed reads of environment values, each failing with the variable's name and what it accepts. */
    private record Settings(Map<String, String> env) {

        private String raw(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        String text(String name, String fallback) {
            String value = raw(name);
            return value == null ? fallback : value;
        }

        Set<String> list(String name) {
            String value = raw(name);
            if (value == null) {
                return Set.of();
            }
            return Arrays.stream(value.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
        }

        String oneOf(String name, String fallback, Set<String> allowed) {
            String value = text(name, fallback);
            if (!allowed.contains(value)) {
                throw invalid(name, value, "one of " + allowed.stream().sorted().toList());
            }
            return value;
        }

        Quantity quantity(String name, String fallback) {
            String value = text(name, fallback);
            try {
                Quantity quantity = new Quantity(value);
                if (Quantity.getAmountInBytes(quantity).signum() <= 0) {
                    throw invalid(name, value, "a positive Kubernetes quantity such as 250m or 512Mi");
                }
                return quantity;
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw invalid(name, value, "a positive Kubernetes quantity such as 250m or 512Mi");
            }
        }

        /** A Kubernetes object name (a DNS subdomain: lower case, digits, '-' and '.', at most 253 characters). */
        String objectName(String name, String fallback) {
            String value = text(name, fallback);
            if (value.length() > 253 || !value.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
                throw invalid(name, value, "a Kubernetes object name: lower case letters, digits, '-' and '.', at most 253");
            }
            return value;
        }

        boolean bool(String name, boolean fallback) {
            String value = raw(name);
            if (value == null) {
                return fallback;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw invalid(name, value, "true or false");
            };
        }

        int port(String name, int fallback) {
            String value = raw(name);
            if (value == null) {
                return fallback;
            }
            try {
                int port = Integer.parseInt(value);
                if (port < 0 || port > 65535) {
                    throw invalid(name, value, "a port number 0-65535");
                }
                return port;
            } catch (NumberFormatException e) {
                throw invalid(name, value, "a port number 0-65535");
            }
        }

        Level level(String name, Level fallback) {
            String value = raw(name);
            if (value == null) {
                return fallback;
            }
            return switch (value.toUpperCase(Locale.ROOT)) {
                case "TRACE", "FINEST" -> Level.FINEST;
                case "DEBUG", "FINE" -> Level.FINE;
                case "INFO" -> Level.INFO;
                case "WARN", "WARNING" -> Level.WARNING;
                case "ERROR", "SEVERE" -> Level.SEVERE;
                case "OFF" -> Level.OFF;
                default -> throw invalid(name, value, "one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
            };
        }

        private static IllegalArgumentException invalid(String name, String value, String expected) {
            return new IllegalArgumentException(name + "=" + value + " is invalid: expected " + expected);
        }
    }
}
