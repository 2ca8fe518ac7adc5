package dev.stripeoperator.receiver.reconcile;

import dev.stripeoperator.receiver.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Settings only the {@code reconcile} command uses, read once at start next to the receiver's settings.
 *
 * @param pagesPerSecond        most list requests sent to Stripe per second, retries included
 * @param maxNetworkRetries     stripe-java retries (with its exponential backoff) on 429, 409, 5xx and connection errors
 * @param terminationMessagePath where the JSON summary goes; the Kubernetes default is used only when it exists
 */
public record ReconcileSettings(int pagesPerSecond, int maxNetworkRetries, Optional<Path> terminationMessagePath) {

    /** The file the kubelet reads a container's termination message from, unless the pod spec names another. */
    public static final Path KUBERNETES_TERMINATION_LOG = Path.of("/dev/termination-log");

    /** Reads {@code RECONCILE_PAGES_PER_SECOND}, {@code RECONCILE_MAX_NETWORK_RETRIES}, {@code TERMINATION_MESSAGE_PATH}. */
    public static ReconcileSettings fromEnvironment(Map<String, String> env) {
        return new ReconcileSettings(
                intValue(env, "RECONCILE_PAGES_PER_SECOND", 5, 1, 100),
                intValue(env, "RECONCILE_MAX_NETWORK_RETRIES", 5, 0, 10),
                Optional.ofNullable(env.get("TERMINATION_MESSAGE_PATH"))
                        .filter(value -> !value.isBlank())
                        .map(value -> Path.of(value.trim())));
    }

    private static int intValue(Map<String, String> env, String name, int defaultValue, int min, int max) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, got '" + raw.trim() + "'");
        }
    }
}
