package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The PostgreSQL database of the endpoint. */
public record DatabaseSpec(
        @Required
        @JsonPropertyDescription(
                "The Secret key holding the JDBC URL (jdbc:postgresql://...); a change rolls the receiver pods.")
        SecretKeyRef urlSecretRef) {}
