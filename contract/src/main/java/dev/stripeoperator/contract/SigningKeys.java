package dev.stripeoperator.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The signing secrets a receiver accepts: the current one and, during a rotation, the previous one until it expires.
 * The operator writes them into the endpoint's signing Secret and the receiver reads them from its files, each with its
 * own encoding; this is the value both mean.
 *
 * @param current the current signing secret; null before the first one is known
 * @param previous the replaced signing secret still accepted; null outside a rotation
 * @param previousExpiresAt when {@code previous} stops being accepted; null with it, or, for a previous secret a user
 *     configured without an expiry, accepted until it is removed
 */
public record SigningKeys(String current, String previous, Instant previousExpiresAt) {

    /** No keys yet. */
    public static final SigningKeys NONE = new SigningKeys(null, null, null);

    public SigningKeys {
        if (previous == null) {
            previousExpiresAt = null;
        }
    }

    /**
     * The keys after the user's Secret showed {@code latest} at {@code now}: a new value becomes current and the old
     * current stays accepted for {@code grace}. A second change within the grace keeps only the latest previous.
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
        if (previous != null && previousExpiresAt != null && !now.isBefore(previousExpiresAt)) {
            return new SigningKeys(current, null, null);
        }
        return this;
    }

    /** When the next change is due without any event: the previous key's expiry. */
    public Optional<Instant> nextExpiry() {
        return Optional.ofNullable(previousExpiresAt);
    }

    /** The secrets a delivery may be signed with at {@code now}, current first. */
    public List<String> acceptedAt(Instant now) {
        SigningKeys valid = expiredAt(now);
        if (valid.current == null) {
            return List.of();
        }
        return valid.previous == null ? List.of(valid.current) : List.of(valid.current, valid.previous);
    }

    /** Fingerprints only, for messages. */
    public String describe() {
        StringBuilder text = new StringBuilder("current=").append(current == null ? "none" : Fingerprint.of(current));
        if (previous != null) {
            text.append(" previous=")
                    .append(Fingerprint.of(previous))
                    .append(" previous-expires-at=")
                    .append(previousExpiresAt == null ? "never" : previousExpiresAt);
        }
        return text.toString();
    }

    /** Fingerprints only: a record's default text would print the secrets. */
    @Override
    public String toString() {
        return "SigningKeys[" + describe() + "]";
    }
}
