package dev.stripeoperator.receiver.webhook;

import dev.stripeoperator.receiver.verify.SignatureFailure;

/**
 * Every way a delivery is refused: the HTTP status, the metric/log code, and the reason the JSON body gives.
 * 4xx means Stripe sent something this endpoint will never take; 503 means "retry later".
 */
public enum Rejection {
    MISSING_SIGNATURE(400, SignatureFailure.MISSING_HEADER.reason()),
    MALFORMED_SIGNATURE(400, SignatureFailure.MALFORMED_HEADER.reason()),
    TIMESTAMP_OUTSIDE_TOLERANCE(400, SignatureFailure.TIMESTAMP_OUTSIDE_TOLERANCE.reason()),
    NO_MATCHING_SIGNATURE(400, SignatureFailure.NO_MATCHING_SIGNATURE.reason()),
    NOT_A_STRIPE_EVENT(400, "not a Stripe event"),
    CREATED_OUT_OF_RANGE(400, "event created time is out of range"),
    METHOD_NOT_ALLOWED(405, "method not allowed"),
    BODY_READ_TIMEOUT(408, "request body not received in time"),
    REQUEST_READ_TIMEOUT(408, "request not received in time"),
    BODY_TOO_LARGE(413, "body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "content type must be application/json"),
    TOO_MANY_LARGE_BODIES(503, "too many large requests in progress, retry later"),
    SHUTTING_DOWN(503, "shutting down, retry later"),
    DATABASE_UNAVAILABLE(503, "database unavailable, retry later");

    private final int status;
    private final String reason;

    Rejection(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    /** The rejection for a failed signature check. */
    public static Rejection of(SignatureFailure failure) {
        return switch (failure) {
            case MISSING_HEADER -> MISSING_SIGNATURE;
            case MALFORMED_HEADER -> MALFORMED_SIGNATURE;
            case TIMESTAMP_OUTSIDE_TOLERANCE -> TIMESTAMP_OUTSIDE_TOLERANCE;
            case NO_MATCHING_SIGNATURE -> NO_MATCHING_SIGNATURE;
        };
    }

    /** HTTP status code of the answer. */
    public int status() {
        return status;
    }

    /** The text of {@code {"error": ...}}. */
    public String reason() {
        return reason;
    }

    /** Lower-case code for metric tags and log lines, e.g. {@code no_matching_signature}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
