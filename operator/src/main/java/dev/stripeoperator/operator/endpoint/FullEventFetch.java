package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Thin events are forwarded as the full event, fetched from Stripe's API with this key. */
public record FullEventFetch(
        @Required
        @JsonPropertyDescription(
                "The Secret key holding a restricted Stripe API key with read access to v2 events; mounted as a file, never an environment value.")
        SecretKeyRef apiKeySecretRef) {}
