package dev.stripeoperator.operator.endpoint;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.contract.PlainPath;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** An Ingress routing one exact path of a host to the receiver. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Hostnames.PATH_RULE, fieldPath = ".path", message = Hostnames.PATH_MESSAGE)
public record IngressExposure(
        @Required
        @Pattern(Hostnames.PATTERN)
        @JsonPropertyDescription("Public DNS name Stripe delivers to, e.g. hooks.example.com.")
        String host,

        @JsonPropertyDescription("IngressClass to use; unset uses the cluster's default class.")
        String className,

        @Size(max = PlainPath.MOST_CHARACTERS)
        @JsonPropertyDescription(
                "Exact path routed to the receiver, a plain absolute path (letters, digits, '.', '_', '~', '-' between single slashes); default /webhooks/stripe/<namespace>/<name> so that many endpoints can share one host.")
        String path,

        @JsonPropertyDescription(
                "TLS for the host; without it the URL is plain http, which Stripe refuses in live mode.")
        IngressTls tls,

        @JsonPropertyDescription("Annotations for the Ingress, e.g. for the ingress controller or cert-manager.")
        Map<String, String> annotations) {}
