package dev.stripeoperator.receiver.reconcile;

import dev.stripeoperator.receiver.ReceiverConfig;
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
        ReceiverConfig.Settings s = new ReceiverConfig.Settings(env);
        return new ReconcileSettings(
                s.intValue("RECONCILE_PAGES_PER_SECOND", 5, 1, 100),
                s.intValue("RECONCILE_MAX_NETWORK_RETRIES", 5, 0, 10),
                s.string("TERMINATION_MESSAGE_PATH").map(Path::of));
    }
}
