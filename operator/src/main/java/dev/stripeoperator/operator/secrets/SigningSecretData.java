package dev.stripeoperator.operator.secrets;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.stripeoperator.contract.SigningKeys;
import dev.stripeoperator.contract.SigningSecretFiles;
import io.fabric8.kubernetes.api.model.Secret;

/** The operator's encoding of {@link SigningKeys}: the data of the endpoint's signing Secret, which the receiver reads as files. */
public final class SigningSecretData {

    private SigningSecretData() {}

    /** The keys held in the operator's signing Secret; a previous key without a readable expiry is not kept. */
    public static SigningKeys keys(Secret secret) {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        String current = decode(data.get(SigningSecretFiles.CURRENT));
        String previous = decode(data.get(SigningSecretFiles.PREVIOUS));
        Instant expiresAt = expiry(decode(data.get(SigningSecretFiles.PREVIOUS_EXPIRES_AT)));
        if (previous == null || expiresAt == null) {
            return new SigningKeys(current, null, null);
        }
        return new SigningKeys(current, previous, expiresAt);
    }

    /** The Secret data (base64) the receiver reads: files current, previous and previous-expires-at. */
    public static Map<String, String> of(SigningKeys keys) {
        Map<String, String> data = new LinkedHashMap<>();
        if (keys.current() != null) {
            data.put(SigningSecretFiles.CURRENT, encode(keys.current()));
        }
        if (keys.previous() != null && keys.previousExpiresAt() != null) {
            data.put(SigningSecretFiles.PREVIOUS, encode(keys.previous()));
            data.put(
                    SigningSecretFiles.PREVIOUS_EXPIRES_AT,
                    encode(SigningSecretFiles.formatExpiry(keys.previousExpiresAt())));
        }
        return data;
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
