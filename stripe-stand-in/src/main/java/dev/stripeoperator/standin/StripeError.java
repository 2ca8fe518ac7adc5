package dev.stripeoperator.standin;

import com.google.gson.JsonObject;

/**
 * An error answer in Stripe's shape, {@code {"error": {"type", "code", "param", "message"}}}, with its HTTP status.
 *
 * @param status the HTTP status
 * @param type Stripe's error type, e.g. {@code invalid_request_error}
 * @param code Stripe's error code, e.g. {@code resource_missing}; null when Stripe gives none
 * @param param the request parameter at fault; null when none
 * @param message the human-readable message
 */
public record StripeError(int status, String type, String code, String param, String message) {

    /** 401 for a missing or unknown API key. */
    static StripeError invalidKey(String shown) {
        return new StripeError(401, "invalid_request_error", null, null, "Invalid API Key provided: " + shown);
    }

    /** 403 for a restricted key without the webhook endpoints write permission. */
    static StripeError forbidden(String shown) {
        return new StripeError(
                403,
                "invalid_request_error",
                null,
                null,
                "The provided key '" + shown
                        + "' does not have the required permissions for this endpoint. Having the 'rak_webhook_write' permission"
                        + " would allow this request to continue.");
    }

    /** 404 for an id that does not exist (any more). */
    static StripeError missing(String id) {
        return new StripeError(
                404, "invalid_request_error", "resource_missing", "id", "No such webhook endpoint: '" + id + "'");
    }

    /** 400 for a parameter Stripe refuses. */
    public static StripeError invalid(String param, String message) {
        return new StripeError(400, "invalid_request_error", "parameter_invalid", param, message);
    }

    /**
     * 400 for a create beyond the account's webhook endpoints (16 unless Stripe raised it): an invalid request without
     * an error code of its own, told apart only by its message.
     */
    static StripeError endpointLimit(int limit) {
        return new StripeError(
                400,
                "invalid_request_error",
                null,
                null,
                "You have reached the maximum of " + limit + " test webhook endpoints.");
    }

    /** 429, as Stripe answers a client over its rate limit. */
    public static StripeError rateLimited() {
        return new StripeError(
                429,
                "invalid_request_error",
                "rate_limit",
                null,
                "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.");
    }

    /** 500, Stripe's own failure. */
    public static StripeError apiError() {
        return new StripeError(500, "api_error", null, null, "An unknown error occurred");
    }

    /** The answer's body. */
    public JsonObject toJson() {
        JsonObject error = new JsonObject();
        error.addProperty("type", type);
        if (code != null) {
            error.addProperty("code", code);
        }
        if (param != null) {
            error.addProperty("param", param);
        }
        error.addProperty("message", message);
        JsonObject body = new JsonObject();
        body.add("error", error);
        return body;
    }
}
