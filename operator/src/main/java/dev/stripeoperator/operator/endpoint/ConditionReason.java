package dev.stripeoperator.operator.endpoint;

import static dev.stripeoperator.operator.endpoint.EndpointConditions.BACKFILL_RUNNING;
import static dev.stripeoperator.operator.endpoint.EndpointConditions.EXPOSED;
import static dev.stripeoperator.operator.endpoint.EndpointConditions.READY;
import static dev.stripeoperator.operator.endpoint.EndpointConditions.RECEIVER_AVAILABLE;
import static dev.stripeoperator.operator.endpoint.EndpointConditions.RECONCILIATION_SCHEDULED;
import static dev.stripeoperator.operator.endpoint.EndpointConditions.RECONCILIATION_SCOPED;
import static dev.stripeoperator.operator.endpoint.EndpointConditions.REPLAY_RUNNING;
import static dev.stripeoperator.operator.endpoint.EndpointConditions.SECRETS_READY;
import static dev.stripeoperator.operator.endpoint.EndpointConditions.STRIPE_REGISTERED;

/**
 * Every reason an endpoint's condition can give, and a replay's, with the condition type it belongs to. While not ready, Ready repeats
 * the reason of the condition it waits for ({@code SecretKeyNotFound}, {@code PathConflict}), so that the cause shows in
 * one place.
 */
public enum ConditionReason {
    SECRETS_FOUND(SECRETS_READY, "SecretsFound"),
    SECRET_NOT_FOUND(SECRETS_READY, "SecretNotFound"),
    SECRET_KEY_NOT_FOUND(SECRETS_READY, "SecretKeyNotFound"),
    SECRET_KEY_EMPTY(SECRETS_READY, "SecretKeyEmpty"),
    BEARER_TOKEN_IN_CLEAR(SECRETS_READY, "BearerTokenInClear"),

    MINIMUM_REPLICAS_AVAILABLE(RECEIVER_AVAILABLE, "MinimumReplicasAvailable"),
    NO_REPLICAS_AVAILABLE(RECEIVER_AVAILABLE, "NoReplicasAvailable"),
    WAITING_FOR_DATABASE_SECRET(RECEIVER_AVAILABLE, "WaitingForDatabaseSecret"),
    WAITING_FOR_SIGNING_SECRET(RECEIVER_AVAILABLE, "WaitingForSigningSecret"),

    SCHEDULED(RECONCILIATION_SCHEDULED, "Scheduled"),
    RECONCILIATION_NOT_CONFIGURED(RECONCILIATION_SCHEDULED, "NotConfigured"),
    CRON_JOB_MISSING(RECONCILIATION_SCHEDULED, "CronJobMissing"),

    STRIPE_ENDPOINT(RECONCILIATION_SCOPED, "StripeEndpoint"),
    ENABLED_EVENTS(RECONCILIATION_SCOPED, "EnabledEvents"),
    ENABLED_EVENTS_UNSET(RECONCILIATION_SCOPED, "EnabledEventsUnset"),

    INGRESS_READY(EXPOSED, "IngressReady"),
    INGRESS_WITHOUT_TLS(EXPOSED, "IngressWithoutTLS"),
    INGRESS_PENDING(EXPOSED, "IngressPending"),
    HTTP_ROUTE_READY(EXPOSED, "HTTPRouteReady"),
    HTTP_ROUTE_PENDING(EXPOSED, "HTTPRoutePending"),
    GATEWAY_API_NOT_INSTALLED(EXPOSED, "GatewayAPINotInstalled"),
    PATH_CONFLICT(EXPOSED, "PathConflict"),
    INVALID_PATH(EXPOSED, "InvalidPath"),
    EXPOSURE_NOT_CONFIGURED(EXPOSED, "NotConfigured"),

    REGISTERED(STRIPE_REGISTERED, "Registered"),
    ROTATING(STRIPE_REGISTERED, "Rotating"),
    ROTATION_WAITING(STRIPE_REGISTERED, "RotationWaiting"),
    EXPOSURE_NOT_READY(STRIPE_REGISTERED, "ExposureNotReady"),
    STRIPE_ENDPOINT_LIMIT(STRIPE_REGISTERED, "StripeEndpointLimit"),
    RETIRING(STRIPE_REGISTERED, "RetiringStripeEndpoints"),
    DISABLED_BY_STRIPE(STRIPE_REGISTERED, "DisabledByStripe"),
    URL_NOT_HTTPS(STRIPE_REGISTERED, "URLNotHTTPS"),
    INVALID_ENABLED_EVENTS(STRIPE_REGISTERED, "InvalidEnabledEvents"),
    INVALID_ROTATION(STRIPE_REGISTERED, "InvalidRotation"),
    WAITING_FOR_API_KEY(STRIPE_REGISTERED, "WaitingForAPIKey"),
    STRIPE_UNAUTHORIZED(STRIPE_REGISTERED, "Unauthorized"),
    STRIPE_FORBIDDEN(STRIPE_REGISTERED, "Forbidden"),
    STRIPE_RATE_LIMITED(STRIPE_REGISTERED, "RateLimited"),
    STRIPE_INVALID_REQUEST(STRIPE_REGISTERED, "InvalidRequest"),
    STRIPE_UNAVAILABLE(STRIPE_REGISTERED, "StripeUnavailable"),

    BACKFILL_JOB_RUNNING(BACKFILL_RUNNING, "JobRunning"),
    BACKFILL_IDLE(BACKFILL_RUNNING, "NoJobRunning"),

    REPLAY_JOB_RUNNING(REPLAY_RUNNING, "JobRunning"),
    REPLAY_IDLE(REPLAY_RUNNING, "NoJobRunning"),

    ENDPOINT_FOUND(ReplayConditions.ENDPOINT_FOUND, "EndpointFound"),
    ENDPOINT_NOT_FOUND(ReplayConditions.ENDPOINT_FOUND, "EndpointNotFound"),

    READY_ALL(READY, "Ready"),
    RECONCILE_FAILED(READY, "ReconcileFailed");

    private final String type;
    private final String reason;

    ConditionReason(String type, String reason) {
        this.type = type;
        this.reason = reason;
    }

    /** The condition type this reason is given on. */
    public String type() {
        return type;
    }

    /** The reason as the condition shows it. */
    public String reason() {
        return reason;
    }
}
