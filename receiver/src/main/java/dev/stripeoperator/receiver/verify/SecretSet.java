package dev.stripeoperator.receiver.verify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.stripeoperator.contract.Fingerprint;
import dev.stripeoperator.contract.LogLine;
import dev.stripeoperator.receiver.observe.LogLines;

/**
 * One consistent reading of the signing secrets: the current one and, during a rotation, the previous one
 * with the instant it stops being accepted (empty: accepted until it is removed).
 */
public record SecretSet(String current, Optional<String> previous, Optional<Instant> previousExpiresAt) {

    /** The secrets a delivery may be signed with at this instant, current first. */
    public List<String> validAt(Instant now) {
        return previous.filter(p -> previousExpiresAt.map(now::isBefore).orElse(true))
                .map(p -> List.of(current, p))
                .orElseGet(() -> List.of(current));
    }

    /** Fingerprints only: a record's default text would print the secrets. */
    @Override
    public String toString() {
        return "SecretSet[" + describe() + "]";
    }

    /**
     * The log line of these secrets, by fingerprint, as loaded or changed ({@code outcome}) from {@code source};
     * {@code kind} says which secrets they are.
     */
    public LogLine line(String kind, String outcome, String source) {
        return LogLines.signingSecrets(
                kind,
                outcome,
                source,
                Fingerprint.of(current),
                previous.map(Fingerprint::of).orElse(null),
                previous.map(p -> previousExpiresAt.map(Instant::toString).orElse("never"))
                        .orElse(null));
    }

    /** Fingerprints only, for messages. */
    public String describe() {
        return "current=" + Fingerprint.of(current)
                + previous.map(p -> " previous=" + Fingerprint.of(p)
                                + previousExpiresAt
                                        .map(at -> " previous-expires-at=" + at)
                                        .orElse(" previous-expires-at=never"))
                        .orElse("");
    }
}
