package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A Gateway an HTTPRoute attaches to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParentRef(
        @Required @JsonPropertyDescription("Name of the Gateway.")
        String name,

        @JsonPropertyDescription("Namespace of the Gateway; default the endpoint's namespace.")
        String namespace,

        @JsonPropertyDescription("Listener of the Gateway to attach to; default all that allow the route.")
        String sectionName) {}
