package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.contract.Durations;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** {@code spec.receiver.forwarding}: how the receiver forwards to the sink; unset fields take the operator's defaults, then the receiver's. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value =
                "!has(self.backoffBase) || !has(self.backoffMax) || duration(self.backoffMax) >= duration(self.backoffBase)",
        message = "backoffMax must not be shorter than backoffBase")
@ValidationRule(
        value = "!has(self.backoffBase) || duration(self.backoffBase) <= " + Durations.LONGEST_CEL,
        fieldPath = ".backoffBase",
        message = "backoffBase " + Durations.WITHIN_LONGEST_MESSAGE)
@ValidationRule(
        value = "!has(self.backoffMax) || duration(self.backoffMax) <= " + Durations.LONGEST_CEL,
        fieldPath = ".backoffMax",
        message = "backoffMax " + Durations.WITHIN_LONGEST_MESSAGE)
public record ForwardingSpec(
        @Min(1)
        @Max(MOST_ATTEMPTS)
        @JsonPropertyDescription("Forwarding attempts before an event is dead (FORWARDING_MAX_ATTEMPTS).")
        Integer maxAttempts,

        @Pattern(Durations.PATTERN)
        @JsonPropertyDescription(
                "First wait after a failed attempt, doubling after each, e.g. 1m (FORWARDING_BACKOFF_BASE).")
        String backoffBase,

        @Pattern(Durations.PATTERN)
        @JsonPropertyDescription("Longest wait between attempts, e.g. 8h (FORWARDING_BACKOFF_MAX).")
        String backoffMax,

        @Min(1)
        @Max(MOST_CONCURRENCY)
        @JsonPropertyDescription("Events in flight per receiver pod (FORWARDING_CONCURRENCY).")
        Integer concurrency) {

    /** The largest {@link #maxAttempts} accepted. */
    public static final int MOST_ATTEMPTS = 100;
    /** The largest {@link #concurrency} accepted. */
    public static final int MOST_CONCURRENCY = 256;

    /** No forwarding settings. */
    public static final ForwardingSpec NONE = new ForwardingSpec(null, null, null, null);
}
