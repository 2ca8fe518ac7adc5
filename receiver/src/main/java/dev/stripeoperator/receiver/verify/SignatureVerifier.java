package dev.stripeoperator.receiver.verify;

import java.time.Clock;
import java.util.Optional;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;

/**
 * Checks a {@code Stripe-Signature} header against the raw body with stripe-java, for every secret that is
 * valid now; a header carrying several {@code v1=} signatures passes when any one matches.
 */
public final class SignatureVerifier {

    // stripe-java tells its failures apart only by message; these are the 33.x texts (pinned by tests).
    private static final String STALE = "Timestamp outside the tolerance zone";
    private static final String NO_MATCH = "No signatures found matching the expected signature for payload";

    private final SigningSecrets secrets;
    private final long toleranceSeconds;
    private final Clock clock;

    public SignatureVerifier(SigningSecrets secrets, long toleranceSeconds, Clock clock) {
        this.secrets = secrets;
        this.toleranceSeconds = toleranceSeconds;
        this.clock = clock;
    }

    /**
     * Passes when the header proves the payload was signed with a valid secret within the tolerance.
     *
     * @param payload the request body exactly as received, decoded as UTF-8
     * @param header the {@code Stripe-Signature} header, if any
     * @throws InvalidSignatureException naming why it does not
     */
    public void verify(String payload, Optional<String> header) throws InvalidSignatureException {
        String value = header.filter(h -> !h.isBlank())
                .orElseThrow(() -> new InvalidSignatureException(SignatureFailure.MISSING_HEADER));
        for (String secret : secrets.current().acceptedAt(clock.instant())) {
            try {
                Webhook.Signature.verifyHeader(payload, value, secret, toleranceSeconds, clock);
                return;
            } catch (SignatureVerificationException e) {
                if (STALE.equals(e.getMessage())) {
                    // stripe-java checks the timestamp only after a signature matched: this secret signed it.
                    throw new InvalidSignatureException(SignatureFailure.TIMESTAMP_OUTSIDE_TOLERANCE);
                }
                if (!NO_MATCH.equals(e.getMessage())) {
                    throw new InvalidSignatureException(SignatureFailure.MALFORMED_HEADER);
                }
            } catch (RuntimeException e) {
                // stripe-java parses "t=" with Long.parseLong and indexes "k=v" pairs unguarded.
                throw new InvalidSignatureException(SignatureFailure.MALFORMED_HEADER);
            }
        }
        throw new InvalidSignatureException(SignatureFailure.NO_MATCHING_SIGNATURE);
    }
}
