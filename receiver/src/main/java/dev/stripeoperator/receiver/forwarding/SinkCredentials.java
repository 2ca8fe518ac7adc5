package dev.stripeoperator.receiver.forwarding;

import dev.stripeoperator.receiver.ReceiverConfig;
import java.time.Clock;
import java.util.Optional;

/**
 * What the receiver proves itself to the sink with: the Standard Webhooks signer and the bearer token, each optional.
 */
public record SinkCredentials(Optional<ForwardingSigner> signer, Optional<SinkBearerToken> token) implements AutoCloseable {

    /**
     * The credentials the settings name, read and checked now.
     *
     * @throws dev.stripeoperator.contract.SettingException when a key or the token cannot be used
     */
    public static SinkCredentials open(ReceiverConfig config) {
        Optional<ForwardingSigner> signer = ForwardingSigner.open(config, Clock.systemUTC());
        try {
            return new SinkCredentials(signer, config.sinkBearerTokenFile().map(SinkBearerToken::of));
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
