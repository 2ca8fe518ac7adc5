package dev.stripeoperator.receiver.verify;

/** A delivery whose signature does not prove it came from Stripe with a currently valid secret. */
public class InvalidSignatureException extends Exception {

    private final SignatureFailure failure;

    public InvalidSignatureException(SignatureFailure failure) {
        super(failure.reason(), null, false, false);
        this.failure = failure;
    }

    /** What was wrong. */
    public SignatureFailure failure() {
        return failure;
    }
}
