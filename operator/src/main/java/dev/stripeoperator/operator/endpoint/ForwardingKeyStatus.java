package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Fingerprints of the keys forwarded events are signed with. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ForwardingKeyStatus(
        @JsonPropertyDescription("Fingerprint of the current forwarding key.")
        String current,

        @JsonPropertyDescription("Fingerprint of the replaced forwarding key that still signs beside it, if any.")
        String previous,

        @JsonPropertyDescription("When the previous forwarding key stops signing (RFC 3339).")
        String previousExpiresAt) {}
