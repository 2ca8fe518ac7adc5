package dev.stripeoperator.operator.endpoint;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.contract.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** How the operator rotates the key forwarded events are signed with. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!has(self.rotationGracePeriod) || duration(self.rotationGracePeriod) <= " + Durations.LONGEST_CEL,
        fieldPath = ".rotationGracePeriod",
        message = "rotationGracePeriod " + Durations.WITHIN_LONGEST_MESSAGE)
public record SinkSigning(
        @Pattern("^.{0,63}$")
        @JsonPropertyDescription(
                "Any value, e.g. a date. Setting a new value makes the operator generate a new forwarding key; "
                        + "the old one keeps signing beside it for rotationGracePeriod.")
        String rotation,

        @Default("24h")
        @Pattern(Durations.PATTERN)
        @JsonPropertyDescription(
                "How long the replaced forwarding key keeps signing after a rotation, e.g. 24h, 90m. Default 24h.")
        String rotationGracePeriod) {

    /** No signing settings: the first key, rotated never, with the default grace period. */
    public static final SinkSigning DEFAULTS = new SinkSigning(null, null);

    /** The grace period, 24h when unset. */
    public Duration gracePeriod() {
        return rotationGracePeriod == null ? Duration.ofHours(24) : Durations.parse(rotationGracePeriod);
    }
}
