package dev.stripeoperator.operator.endpoint;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.contract.PlainPath;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A Gateway API HTTPRoute routing one exact path to the receiver. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Hostnames.PATH_RULE, fieldPath = ".path", message = Hostnames.PATH_MESSAGE)
public record HttpRouteExposure(
        @Required @Size(min = 1) @JsonPropertyDescription("Gateways (or listeners) the route attaches to.")
        List<ParentRef> parentRefs,

        @JsonPropertyDescription("Hostnames the route matches; the first one makes status.url.")
        List<@Pattern(Hostnames.PATTERN) String> hostnames,

        @Size(max = PlainPath.MOST_CHARACTERS)
        @JsonPropertyDescription(
                "Exact path routed to the receiver, a plain absolute path (letters, digits, '.', '_', '~', '-' between single slashes); default /webhooks/stripe/<namespace>/<name>.")
        String path) {}
