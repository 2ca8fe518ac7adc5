package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.contract.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.time.Duration;

/** Where the webhook signing secret comes from and how long a replaced one stays valid. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SigningSecret(
        @Required
        @JsonPropertyDescription("The Secret key holding the current signing secret (whsec_...). Changing its value starts a rotation.")
        SecretKeyRef secretRef,
        @Default("24h")
        @Pattern(Durations.PATTERN)
        @JsonPropertyDescription("How long the replaced signing secret stays valid after a change, e.g. 24h, 90m. Default 24h.")
        String rotationGracePeriod) {

    /** The grace period, 24h when unset. */
    public Duration gracePeriod() {
        return rotationGracePeriod == null ? Duration.ofHours(24) : Durations.parse(rotationGracePeriod);
    }
}
