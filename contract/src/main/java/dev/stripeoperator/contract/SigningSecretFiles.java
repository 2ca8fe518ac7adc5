package dev.stripeoperator.contract;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The keys of the operator's signing Secret, which are the file names in the receiver's
 * {@link ReceiverSetting#SIGNING_SECRETS_DIR}, and the format of the previous secret's expiry.
 */
public final class SigningSecretFiles {

    /** The current signing secret. */
    public static final String CURRENT = "current";
    /** The replaced signing secret, still accepted during a rotation. */
    public static final String PREVIOUS = "previous";
    /** When {@link #PREVIOUS} stops being accepted, RFC 3339. */
    public static final String PREVIOUS_EXPIRES_AT = "previous-expires-at";

    private SigningSecretFiles() {}

    /** The expiry as written: RFC 3339 in UTC, whole seconds. */
    public static String formatExpiry(Instant expiresAt) {
        return expiresAt.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The expiry as read, any RFC 3339 offset allowed; empty when the text is not one. */
    public static Optional<Instant> parseExpiry(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.strip()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
