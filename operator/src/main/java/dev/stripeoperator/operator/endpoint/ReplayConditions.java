package dev.stripeoperator.operator.endpoint;

/** Condition types of a StripeWebhookReplay. */
public final class ReplayConditions {

    /** The StripeWebhookEndpoint the replay names exists in its namespace; without it no Job is made. */
    public static final String ENDPOINT_FOUND = "EndpointFound";

    private ReplayConditions() {}
}
