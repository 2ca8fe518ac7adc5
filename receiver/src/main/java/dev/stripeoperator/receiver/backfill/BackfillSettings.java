package dev.stripeoperator.receiver.backfill;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.stripeoperator.contract.Durations;
import dev.stripeoperator.contract.EventPayload;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.contract.Settings;

import static dev.stripeoperator.contract.ReceiverSetting.RECONCILE_CONNECT;
import static dev.stripeoperator.contract.ReceiverSetting.RECONCILE_CONNECTED_ACCOUNTS;
import static dev.stripeoperator.contract.ReceiverSetting.RECONCILE_EVENT_PAYLOAD;
import static dev.stripeoperator.contract.ReceiverSetting.RECONCILE_LOOKBACK;
import static dev.stripeoperator.contract.ReceiverSetting.RECONCILE_MAX_NETWORK_RETRIES;
import static dev.stripeoperator.contract.ReceiverSetting.RECONCILE_PAGES_PER_SECOND;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_ENDPOINT_ID;

/**
 * Settings only the {@code reconcile} command uses, read once at start next to the receiver's settings.
 *
 * @param lookback               how far back a run without {@code --since} recovers events
 * @param pagesPerSecond         most list requests sent to Stripe per second, retries included
 * @param maxNetworkRetries      stripe-java retries (with its exponential backoff) on 429, 409, 5xx and connection errors
 * @param stripeEndpointId       the Stripe webhook endpoint ({@code we_...}) whose event types and API version the run
 *                               recovers for; empty: every type, versions not compared
 * @param connect                the Stripe endpoint is a Connect endpoint: events are listed per connected account
 * @param connectedAccounts      connected accounts always listed, besides those seen in the table within the lookback
 * @param eventPayload           which events lists are the endpoint's: v1 (snapshot), v2 (thin) or both
 */
public record BackfillSettings(
        Duration lookback,
        int pagesPerSecond,
        int maxNetworkRetries,
        Optional<String> stripeEndpointId,
        boolean connect,
        List<String> connectedAccounts,
        EventPayload eventPayload) {

    private static final Pattern ENDPOINT_ID = Pattern.compile("we_[A-Za-z0-9]+");
    private static final Pattern ACCOUNT_ID = Pattern.compile("acct_[A-Za-z0-9]+");

    /**
     * Reads {@code RECONCILE_LOOKBACK}, {@code RECONCILE_PAGES_PER_SECOND}, {@code RECONCILE_MAX_NETWORK_RETRIES}, {@code STRIPE_ENDPOINT_ID}, {@code RECONCILE_CONNECT}, {@code RECONCILE_CONNECTED_ACCOUNTS} and
     * {@code RECONCILE_EVENT_PAYLOAD}.
     *
     * @throws SettingException naming the first setting that is invalid
     */
    public static BackfillSettings fromEnvironment(Map<String, String> env) {
        Settings s = new Settings(env);
        Duration lookback = s.duration(RECONCILE_LOOKBACK.name(), Durations.parse(ReceiverImage.LOOKBACK));
        Optional<String> endpointId = s.text(STRIPE_ENDPOINT_ID.name());
        endpointId.filter(id -> !ENDPOINT_ID.matcher(id).matches()).ifPresent(id -> {
            throw SettingException.invalid(STRIPE_ENDPOINT_ID.name(), "a Stripe webhook endpoint id (we_...)", id);
        });
        boolean connect = s.bool(RECONCILE_CONNECT.name(), false);
        List<String> accounts = s.list(RECONCILE_CONNECTED_ACCOUNTS.name(), List.of());
        accounts.stream()
                .filter(account -> !ACCOUNT_ID.matcher(account).matches())
                .findFirst()
                .ifPresent(account -> {
                    throw SettingException.invalid(
                            RECONCILE_CONNECTED_ACCOUNTS.name(),
                            "a comma list of Stripe account ids" + " (acct_...)",
                            account);
                });
        if (!accounts.isEmpty() && !connect) {
            throw new SettingException(RECONCILE_CONNECTED_ACCOUNTS + " needs " + RECONCILE_CONNECT + "=true: only a"
                    + " Connect endpoint receives events of connected accounts");
        }
        String payload = s.text(RECONCILE_EVENT_PAYLOAD.name(), EventPayload.SNAPSHOT.word());
        EventPayload eventPayload = EventPayload.of(payload)
                .orElseThrow(() ->
                        SettingException.invalid(RECONCILE_EVENT_PAYLOAD.name(), "snapshot, thin or both", payload));
        return new BackfillSettings(
                lookback,
                s.integer(RECONCILE_PAGES_PER_SECOND.name(), 5, 1, 100),
                s.integer(RECONCILE_MAX_NETWORK_RETRIES.name(), 5, 0, 10),
                endpointId,
                connect,
                accounts,
                eventPayload);
    }
}
