package dev.stripeoperator.receiver.forwarding;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.backfill.ApiKey;
import dev.stripeoperator.receiver.backfill.BackfillException;

import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_FETCH_FULL_EVENT;

/**
 * Fetches the full event behind a thin event from Stripe's API ({@code GET /v2/core/events/{id}}) with stripe-java,
 * so that the sink receives the event with its data instead of the notification.
 */
final class FullEventFetcher {

    private final StripeClient client;
    private final ApiKey key;

    private FullEventFetcher(StripeClient client, ApiKey key) {
        this.client = client;
        this.key = key;
    }

    /**
     * The fetcher {@code FORWARDING_FETCH_FULL_EVENT} asks for, each request bounded by the sink timeout (connecting
     * and reading half of it each); empty when it is off.
     *
     * @throws SettingException when it is on but no API key can be read
     */
    static Optional<FullEventFetcher> open(ReceiverConfig receiver, ForwardingConfig config) {
        if (!config.fetchFullEvent()) {
            return Optional.empty();
        }
        ApiKey key;
        try {
            key = ApiKey.resolve(receiver);
        } catch (BackfillException e) {
            throw new SettingException(FORWARDING_FETCH_FULL_EVENT + " needs a Stripe API key: " + e.getMessage());
        }
        int millis = (int)
                Math.max(1, Math.min(Integer.MAX_VALUE, config.sinkTimeout().toMillis() / 2));
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(key.value())
                // The forwarding worker retries with its own backoff; stripe-java retrying inside would stretch one
                // attempt.
                .setMaxNetworkRetries(0)
                .setConnectTimeout(millis)
                .setReadTimeout(millis);
        receiver.stripeApiBase().ifPresent(builder::setApiBase);
        return Optional.of(new FullEventFetcher(builder.build(), key));
    }

    /**
     * The full event's JSON exactly as Stripe's API answered it. An event of a connected account is asked for in that
     * account ({@code Stripe-Context}, as stripe-java does when it fetches through the event notification): the
     * API key's own account does not have it.
     *
     * @param context the thin event's {@code context}; empty for the API key's own account
     * @throws FetchFailedException naming Stripe's status, request id and the account (never the key or the event)
     */
    byte[] fetch(String eventId, Optional<String> context) throws FetchFailedException {
        try {
            var event = client.v2()
                    .core()
                    .events()
                    .retrieve(
                            eventId,
                            RequestOptions.builder()
                                    .setStripeContext(context.orElse(null))
                                    .build());
            return event.getLastResponse().body().getBytes(StandardCharsets.UTF_8);
        } catch (StripeException e) {
            String status = e.getStatusCode() == null ? "no answer" : "HTTP " + e.getStatusCode();
            String request = e.getRequestId() == null ? "" : ", request " + e.getRequestId();
            String account = context.map(id -> ", account " + id).orElse("");
            throw new FetchFailedException(
                    "cannot fetch the full event from Stripe (" + status + request + account + ", key "
                            + key.fingerprint() + ")",
                    e);
        }
    }

    /** The full event could not be fetched; the attempt is retried later. */
    static final class FetchFailedException extends Exception {
        FetchFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
