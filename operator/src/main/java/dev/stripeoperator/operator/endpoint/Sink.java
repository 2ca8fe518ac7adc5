package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Where verified events are forwarded. */
public record Sink(
        @Required
        @Pattern("^https?://.+")
        @JsonPropertyDescription("HTTP(S) URL that receives each new event as a POST, with retries and backoff.")
        String uri) {
}
