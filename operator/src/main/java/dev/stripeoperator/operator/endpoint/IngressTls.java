package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** TLS of an exposed endpoint. */
public record IngressTls(
        @Required
        @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
        @JsonPropertyDescription(
                "Secret (type kubernetes.io/tls) with the certificate for the host, e.g. one cert-manager fills.")
        String secretName) {}
