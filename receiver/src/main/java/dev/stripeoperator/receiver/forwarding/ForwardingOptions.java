package dev.stripeoperator.receiver.forwarding;

import java.time.Clock;
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
     * The options the settings ask for; the sink timeout bounds each request to Stripe's API, which the receiver's
     * API key settings reach.
     *
     * @throws dev.stripeoperator.contract.SettingException when a key, the token or the API key cannot be used
     */
    public static ForwardingOptions open(ReceiverConfig receiver, ForwardingConfig config) {
        Optional<ForwardingSigner> signer = ForwardingSigner.open(config, Clock.systemUTC());
        try {
            return new ForwardingOptions(
                    signer,
                    config.sinkBearerTokenFile().map(SinkBearerToken::of),
                    FullEventFetcher.open(receiver, config));
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
