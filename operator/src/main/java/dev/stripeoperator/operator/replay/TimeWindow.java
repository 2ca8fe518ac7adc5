package dev.stripeoperator.operator.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** A time window, each end optional: from {@code since} (inclusive) to {@code until} (exclusive). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!has(self.since) || !has(self.until) || timestamp(self.until) > timestamp(self.since)",
        message = "until must be later than since")
public record TimeWindow(
        @Pattern(RFC_3339)
        @JsonPropertyDescription("From this time on (RFC 3339 with an offset, e.g. 2026-11-23T14:00:00Z).")
        String since,

        @Pattern(RFC_3339) @JsonPropertyDescription("Before this time (RFC 3339 with an offset).")
        String until) {

    /** An RFC 3339 time with seconds and an offset, as the receiver's options take it. */
    public static final String RFC_3339 =
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";
}
