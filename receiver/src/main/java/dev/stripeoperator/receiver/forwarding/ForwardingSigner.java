package dev.stripeoperator.receiver.forwarding;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;
import dev.stripeoperator.contract.Fingerprint;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.receiver.verify.SigningSecrets;

import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_SIGNING_KEY;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_SIGNING_KEYS_DIR;

/**
 * Signs forwarded events in the Standard Webhooks form ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}) with the Standard Webhooks library, once with every forwarding key valid now: two during
 * a rotation, so that the application verifies with either.
 */
public final class ForwardingSigner implements AutoCloseable {

    /** The log kind of the forwarding keys' lines. */
    static final String KIND = "forwarding_keys";

    static final String ID_HEADER = Webhook.UNBRANDED_MSG_ID_KEY;
    static final String TIMESTAMP_HEADER = Webhook.UNBRANDED_MSG_TIMESTAMP_KEY;
    static final String SIGNATURE_HEADER = Webhook.UNBRANDED_MSG_SIGNATURE_KEY;

    private final SigningSecrets keys;
    private final Clock clock;

    ForwardingSigner(SigningSecrets keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * The signer the settings ask for: keys from {@code FORWARDING_SIGNING_KEYS_DIR} (re-read while running) or the
     * one {@code FORWARDING_SIGNING_KEY}; empty when neither is set (events are forwarded unsigned).
     *
     * @throws SettingException when both are set, or the current key is not a Standard Webhooks key
     */
    public static Optional<ForwardingSigner> open(ForwardingConfig config, Clock clock) {
        if (config.signingKeysDir().isPresent() && config.signingKey().isPresent()) {
            throw new SettingException(
                    "set either " + FORWARDING_SIGNING_KEYS_DIR + " or " + FORWARDING_SIGNING_KEY + ", not both");
        }
        Optional<SigningSecrets> keys = config.signingKeysDir()
                .map(dir -> SigningSecrets.watch(KIND, dir, FORWARDING_SIGNING_KEYS_DIR.name()))
                .or(() -> config.signingKey().map(key -> SigningSecrets.fixed(KIND, key)));
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        String current = keys.get().current().current();
        try {
            webhook(current);
        } catch (InvalidKeyException e) {
            keys.get().close();
            throw new SettingException("the forwarding signing key " + Fingerprint.of(current) + " is not a Standard"
                    + " Webhooks key (whsec_ followed by base64)");
        }
        return Optional.of(new ForwardingSigner(keys.get(), clock));
    }

    /**
     * The three headers of one attempt at forwarding this event; {@code webhook-id} is the event id, the same for
     * every attempt, so that the application can dedupe on it.
     *
     * @throws InvalidKeyException when a key read since the start is not a Standard Webhooks key
     */
    Map<String, String> headers(String eventId, byte[] body) throws InvalidKeyException {
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        String payload = new String(body, StandardCharsets.UTF_8);
        List<String> signatures = new ArrayList<>(2);
        for (String key : keys.current().acceptedAt(now)) {
            try {
                signatures.add(webhook(key).sign(eventId, timestamp, payload));
            } catch (WebhookSigningException e) {
                throw new InvalidKeyException(key, e);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID_HEADER, eventId);
        headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
        // Standard Webhooks separates signatures by spaces; a verifier accepts the message when any one matches.
        headers.put(SIGNATURE_HEADER, String.join(" ", signatures));
        return headers;
    }

    private static Webhook webhook(String key) throws InvalidKeyException {
        try {
            return new Webhook(key);
        } catch (EmptyWebhookSecretException | IllegalArgumentException e) {
            throw new InvalidKeyException(key, e);
        }
    }

    @Override
    public void close() {
        keys.close();
    }

    /** A forwarding key the library cannot sign with; the message names it by fingerprint only. */
    static final class InvalidKeyException extends Exception {
        InvalidKeyException(String key, Exception cause) {
            super(
                    "the forwarding signing key " + Fingerprint.of(key)
                            + " is not a Standard Webhooks key (whsec_ followed" + " by base64): "
                            + cause.getClass().getSimpleName(),
                    cause);
        }
    }
}
