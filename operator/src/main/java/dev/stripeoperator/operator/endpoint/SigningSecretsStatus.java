package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Fingerprints of the signing secrets in use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SigningSecretsStatus(
        @JsonPropertyDescription("Fingerprint of the current signing secret.")
        String current,

        @JsonPropertyDescription("Fingerprint of the replaced signing secret that is still accepted, if any.")
        String previous,

        @JsonPropertyDescription("When the previous signing secret stops being accepted (RFC 3339).")
        String previousExpiresAt) {}
