package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** How the receiver is reached from outside the cluster: one of an Ingress or an HTTPRoute. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!(has(self.ingress) && has(self.httpRoute))",
        message = "set either ingress or httpRoute, not both")
public record Exposure(
        @JsonPropertyDescription("Expose through a networking.k8s.io/v1 Ingress.")
        IngressExposure ingress,

        @JsonPropertyDescription("Expose through a Gateway API (gateway.networking.k8s.io/v1) HTTPRoute.")
        HttpRouteExposure httpRoute) {}
