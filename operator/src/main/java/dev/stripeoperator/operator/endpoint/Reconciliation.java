package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The scheduled "what did we miss" job. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reconciliation(
        @Required
        @Pattern(CRON_PATTERN)
        @JsonPropertyDescription("Cron schedule of the reconcile job (five fields, e.g. `17 */6 * * *`, or a macro such as @hourly).")
        String schedule,
        @Default("26h")
        @Pattern(Durations.PATTERN)
        @JsonPropertyDescription("How far back each run lists events, e.g. 26h. Default 26h.")
        String lookback,
        @Required
        @JsonPropertyDescription("The Secret key holding a restricted Stripe API key with events:read; mounted as a file, never an environment value.")
        SecretKeyRef apiKeySecretRef) {

    /** Five whitespace-separated cron fields of the usual characters, or one of the standard macros. */
    public static final String CRON_PATTERN =
            "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|([0-9*,/?LW#-]+|[A-Za-z]{3})(\\s+([0-9*,/?LW#-]+|[A-Za-z]{3}(-[A-Za-z]{3})?)){4})$";

    /** The lookback, 26h when unset. */
    public String lookbackOrDefault() {
        return lookback == null ? "26h" : lookback;
    }
}
