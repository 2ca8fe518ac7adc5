package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The Stripe webhook endpoint the operator registers, keeps in sync and deletes for this resource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StripeManagement(
        @Required
        @JsonPropertyDescription(
                "The Secret key holding a restricted Stripe API key with Webhook Endpoints write access. Read by the operator only; never mounted into the receiver.")
        SecretKeyRef apiKeySecretRef,

        @Required
        @JsonPropertyDescription(
                "true: the operator registers the Stripe endpoint at status.url (which must be https), stores the signing secret Stripe returns in the signing Secret, keeps URL and events in sync and deletes the Stripe endpoint with the resource.")
        Boolean manage,

        @Pattern("^\\d{4}-\\d{2}-\\d{2}(\\.[a-z]+)?$")
        @JsonPropertyDescription(
                "The Stripe API version the endpoint's events are rendered in, e.g. 2025-08-27.basil; fixed when the Stripe endpoint is created. Default: the operator's STRIPE_API_VERSION.")
        String apiVersion) {

    /** Whether the operator manages the Stripe endpoint. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isManaged() {
        return Boolean.TRUE.equals(manage);
    }
}
