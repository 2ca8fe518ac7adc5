package dev.stripeoperator.operator.secrets;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.SigningSecretFiles;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * The signing secrets a receiver accepts: the current one and, during a rotation, the previous one
 * until it expires.
 *
 * @param current the current signing secret; null before the first one is known
 * @param previous the replaced signing secret still accepted; null outside a rotation
 * @param previousExpiresAt when {@code previous} stops being accepted; null with it
 */
public record SigningKeys(String current, String previous, Instant previousExpiresAt) {

    /** No keys yet. */
    public static final SigningKeys NONE = new SigningKeys(null, null, null);

    /** The keys held in the operator's signing Secret. */
    public static SigningKeys from(Secret secret) {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        String current = decode(data.get(SigningSecretFiles.CURRENT));
        String previous = decode(data.get(SigningSecretFiles.PREVIOUS));
        Instant expiresAt = expiry(decode(data.get(SigningSecretFiles.PREVIOUS_EXPIRES_AT)));
        if (previous == null || expiresAt == null) {
            return new SigningKeys(current, null, null);
        }
        return new SigningKeys(current, previous, expiresAt);
    }

    /**
     * The keys after the user's Secret showed {@code latest} at {@code now}: a new value becomes current
     * and the old current stays accepted for {@code grace}. A second change within the grace keeps only
     * the latest previous.
     */
    public SigningKeys rotatedTo(String latest, Instant now, Duration grace) {
        if (latest == null || latest.equals(current)) {
            return this;
        }
        if (current == null) {
            return new SigningKeys(latest, null, null);
        }
        return new SigningKeys(latest, current, now.plus(grace).truncatedTo(ChronoUnit.SECONDS));
    }

    /** The keys at {@code now}: the previous one is dropped once its expiry has passed. */
    public SigningKeys expiredAt(Instant now) {
        if (previous != null && !now.isBefore(previousExpiresAt)) {
            return new SigningKeys(current, null, null);
        }
        return this;
    }

    /** When the next change is due without any event: the previous key's expiry. */
    public Optional<Instant> nextExpiry() {
        return Optional.ofNullable(previousExpiresAt);
    }

    /** The Secret data (base64) the receiver reads: files current, previous and previous-expires-at. */
    public Map<String, String> toData() {
        Map<String, String> data = new LinkedHashMap<>();
        if (current != null) {
            data.put(SigningSecretFiles.CURRENT, encode(current));
        }
        if (previous != null) {
            data.put(SigningSecretFiles.PREVIOUS, encode(previous));
            data.put(
                    SigningSecretFiles.PREVIOUS_EXPIRES_AT, encode(SigningSecretFiles.formatExpiry(previousExpiresAt)));
        }
        return data;
    }

    @Override
    public String toString() {
        return "SigningKeys[current=" + (current != null) + ", previous=" + (previous != null) + ", previousExpiresAt="
                + previousExpiresAt + "]";
    }

    private static String decode(String base64) {
        return base64 == null ? null : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String encode(String plain) {
        return Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static Instant expiry(String text) {
        // A hand-edited expiry that is not RFC 3339 ends the grace now rather than never.
        return text == null ? null : SigningSecretFiles.parseExpiry(text).orElse(Instant.EPOCH);
    }
}
