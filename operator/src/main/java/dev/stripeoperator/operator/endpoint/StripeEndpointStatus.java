package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The Stripe webhook endpoint the operator manages for this resource, as Stripe last answered. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StripeEndpointStatus(
        @JsonPropertyDescription("Id (we_...) of the Stripe endpoint whose signing secret is current.")
        String endpointId,

        @JsonPropertyDescription(
                "enabled or disabled, as Stripe reports the current endpoint; Stripe disables an endpoint that keeps failing.")
        String state,

        @JsonPropertyDescription("The API version Stripe renders this endpoint's events in.")
        String apiVersion,

        @JsonPropertyDescription(
                "During a rotation: the replaced Stripe endpoint, still delivering until status.signingSecrets.previousExpiresAt, then deleted.")
        String previousEndpointId,

        @JsonPropertyDescription("With signingSecret.rotateEvery: when the next rotation starts (RFC 3339).")
        String nextRotationAt) {}
