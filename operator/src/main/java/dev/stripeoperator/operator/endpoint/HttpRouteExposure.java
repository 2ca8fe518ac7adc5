package dev.stripeoperator.operator.endpoint;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Gateway API HTTPRoute routing one exact path to the receiver. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HttpRouteExposure(
        @Required @Size(min = 1) @JsonPropertyDescription("Gateways (or listeners) the route attaches to.")
        List<ParentRef> parentRefs,

        @JsonPropertyDescription("Hostnames the route matches; the first one makes status.url.")
        List<@Pattern(Hostnames.PATTERN) String> hostnames,

        @Pattern(Hostnames.PATH_PATTERN)
        @JsonPropertyDescription("Exact path routed to the receiver; default /webhooks/stripe/<namespace>/<name>.")
        String path) {}
