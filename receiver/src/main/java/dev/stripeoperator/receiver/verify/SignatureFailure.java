package dev.stripeoperator.receiver.verify;

/** Why a delivery's {@code Stripe-Signature} was refused; {@link #reason()} is what the 400 body says. */
public enum SignatureFailure {
    MISSING_HEADER("missing Stripe-Signature header"),
    MALFORMED_HEADER("malformed Stripe-Signature header"),
    TIMESTAMP_OUTSIDE_TOLERANCE("timestamp outside the tolerance zone"),
    NO_MATCHING_SIGNATURE("no signature matches a valid signing secret");

    private final String reason;

    SignatureFailure(String reason) {
        this.reason = reason;
    }

    /** The client-facing explanation; never contains a secret or the header. */
    public String reason() {
        return reason;
    }
}
