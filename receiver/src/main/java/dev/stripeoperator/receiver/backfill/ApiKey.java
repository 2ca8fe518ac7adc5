package dev.stripeoperator.receiver.backfill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import dev.stripeoperator.contract.Fingerprint;
import dev.stripeoperator.receiver.ReceiverConfig;

import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_API_KEY;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_API_KEY_FILE;

/**
 * The Stripe API key the run lists events with; its text form is a fingerprint, so it cannot leak into a log line.
 */
public final class ApiKey {

    private final String value;

    ApiKey(String value) {
        this.value = value;
    }

    /**
     * The key from the mounted Secret file {@code STRIPE_API_KEY_FILE} (preferred) or {@code STRIPE_API_KEY}.
     *
     * @throws BackfillException when neither is set, or the file cannot be read or is empty
     */
    public static ApiKey resolve(ReceiverConfig config) throws BackfillException {
        if (config.stripeApiKeyFile().isPresent()) {
            var file = config.stripeApiKeyFile().get();
            String content;
            try {
                content = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new BackfillException(
                        BackfillException.MISCONFIGURED,
                        "cannot read " + STRIPE_API_KEY_FILE + " " + file + ": "
                                + e.getClass().getSimpleName());
            }
            if (content.isEmpty()) {
                throw new BackfillException(
                        BackfillException.MISCONFIGURED, STRIPE_API_KEY_FILE + " " + file + " is empty");
            }
            return new ApiKey(content);
        }
        return config.stripeApiKey()
                .map(ApiKey::new)
                .orElseThrow(() -> new BackfillException(
                        BackfillException.MISCONFIGURED,
                        "no Stripe API key: set " + STRIPE_API_KEY_FILE + " (a mounted Secret) or " + STRIPE_API_KEY));
    }

    /** The secret itself, for a Stripe client only. */
    public String value() {
        return value;
    }

    /** {@code sha256:} and the first 8 hex characters of the key's SHA-256. */
    public String fingerprint() {
        return Fingerprint.of(value);
    }

    @Override
    public String toString() {
        return fingerprint();
    }
}
