package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the endpoint's namespace. */
public record SecretKeyRef(
        @Required
        @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
        @JsonPropertyDescription("Name of the Secret, in the endpoint's namespace.")
        String name,

        @Required @Pattern("^[-._a-zA-Z0-9]{1,253}$") @JsonPropertyDescription("Key within the Secret's data.")
        String key) {

    /** `name/key`, for messages; never the value. */
    public String describe() {
        return name + "/" + key;
    }
}
