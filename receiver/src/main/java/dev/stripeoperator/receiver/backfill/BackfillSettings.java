package dev.stripeoperator.receiver.backfill;

import dev.stripeoperator.receiver.ConfigException;
import dev.stripeoperator.receiver.ReceiverConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings only the {@code reconcile} command uses, read once at start next to the receiver's settings.
 *
 * @param pagesPerSecond         most list requests sent to Stripe per second, retries included
 * @param maxNetworkRetries      stripe-java retries (with its exponential backoff) on 429, 409, 5xx and connection errors
 * @param terminationMessagePath where the JSON summary goes; the Kubernetes default is used only when it exists
 * @param stripeEndpointId       the Stripe webhook endpoint ({@code we_...}) whose event types and API version the run
 *                               recovers for; empty: every type, versions not compared
 * @param connect                the Stripe endpoint is a Connect endpoint: events are listed per connected account
 * @param connectedAccounts      connected accounts always listed, besides those seen in the table within the lookback
 */
public record BackfillSettings(
        int pagesPerSecond,
        int maxNetworkRetries,
        Optional<Path> terminationMessagePath,
        Optional<String> stripeEndpointId,
        boolean connect,
        List<String> connectedAccounts) {

    /** The file the kubelet reads a container's termination message from, unless the pod spec names another. */
    public static final Path KUBERNETES_TERMINATION_LOG = Path.of("/dev/termination-log");

    private static final Pattern ENDPOINT_ID = Pattern.compile("we_[A-Za-z0-9]+");
    private static final Pattern ACCOUNT_ID = Pattern.compile("acct_[A-Za-z0-9]+");

    /**
     * Reads {@code RECONCILE_PAGES_PER_SECOND}, {@code RECONCILE_MAX_NETWORK_RETRIES}, {@code TERMINATION_MESSAGE_PATH},
     * {@code STRIPE_ENDPOINT_ID}, {@code RECONCILE_CONNECT} and {@code RECONCILE_CONNECTED_ACCOUNTS}.
     */
    public static BackfillSettings fromEnvironment(Map<String, String> env) {
        ReceiverConfig.Settings s = new ReceiverConfig.Settings(env);
        Optional<String> endpointId = s.string("STRIPE_ENDPOINT_ID");
        endpointId.filter(id -> !ENDPOINT_ID.matcher(id).matches()).ifPresent(id -> {
            throw new ConfigException("STRIPE_ENDPOINT_ID must be a Stripe webhook endpoint id (we_...), got '" + id + "'");
        });
        boolean connect = s.bool("RECONCILE_CONNECT").orElse(false);
        List<String> accounts = s.list("RECONCILE_CONNECTED_ACCOUNTS", List.of());
        accounts.stream().filter(account -> !ACCOUNT_ID.matcher(account).matches()).findFirst().ifPresent(account -> {
            throw new ConfigException("RECONCILE_CONNECTED_ACCOUNTS must list Stripe account ids (acct_...), got '"
                    + account + "'");
        });
        if (!accounts.isEmpty() && !connect) {
            throw new ConfigException("RECONCILE_CONNECTED_ACCOUNTS needs RECONCILE_CONNECT=true: only a Connect endpoint"
                    + " receives events of connected accounts");
        }
        return new BackfillSettings(
                s.intValue("RECONCILE_PAGES_PER_SECOND", 5, 1, 100),
                s.intValue("RECONCILE_MAX_NETWORK_RETRIES", 5, 0, 10),
                s.string("TERMINATION_MESSAGE_PATH").map(Path::of),
                endpointId,
                connect,
                accounts);
    }
}
