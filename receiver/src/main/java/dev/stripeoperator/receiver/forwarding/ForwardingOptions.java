package dev.stripeoperator.receiver.forwarding;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import dev.stripeoperator.receiver.ReceiverConfig;

/**
 * The optional parts of every forwarding request, read and checked once at start: the Standard Webhooks signer, the
 * bearer token, and the API client that fetches a thin event's full event.
 */
public record ForwardingOptions(
        Optional<ForwardingSigner> signer, Optional<SinkBearerToken> token, Optional<FullEventFetcher> fullEvents)
        implements AutoCloseable {

    /**
     * The options the settings ask for; {@code sinkTimeout} bounds each request to Stripe's API.
     *
     * @throws dev.stripeoperator.contract.SettingException when a key, the token or the API key cannot be used
     */
    public static ForwardingOptions open(ReceiverConfig config, Duration sinkTimeout) {
        Optional<ForwardingSigner> signer = ForwardingSigner.open(config, Clock.systemUTC());
        try {
            return new ForwardingOptions(
                    signer,
                    config.sinkBearerTokenFile().map(SinkBearerToken::of),
                    FullEventFetcher.open(config, sinkTimeout));
        } catch (RuntimeException e) {
            signer.ifPresent(ForwardingSigner::close);
            throw e;
        }
    }

    /** Stops re-reading the forwarding keys. */
    @Override
    public void close() {
        signer.ifPresent(ForwardingSigner::close);
    }
}
