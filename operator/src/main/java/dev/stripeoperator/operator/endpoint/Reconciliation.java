package dev.stripeoperator.operator.endpoint;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.contract.Durations;
import dev.stripeoperator.contract.ReceiverImage;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The scheduled "what did we miss" job. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!has(self.connectedAccounts) || (has(self.connect) && self.connect)",
        message =
                "connectedAccounts needs connect: true; only a Connect endpoint receives events of connected accounts")
@ValidationRule(
        value = "!has(self.lookback) || duration(self.lookback) <= " + Durations.LONGEST_CEL,
        fieldPath = ".lookback",
        message = "lookback " + Durations.WITHIN_LONGEST_MESSAGE)
public record Reconciliation(
        @Required
        @Pattern(CRON_PATTERN)
        @JsonPropertyDescription(
                "Cron schedule of the reconcile job (five fields, e.g. `17 */6 * * *`, or a macro such as @hourly).")
        String schedule,

        @Default(ReceiverImage.LOOKBACK)
        @Pattern(Durations.PATTERN)
        @JsonPropertyDescription("How far back each run lists events, e.g. 26h. Default 26h.")
        String lookback,

        @Required
        @JsonPropertyDescription(
                "The Secret key holding a restricted Stripe API key with events:read (and webhook_endpoints:read with stripeEndpointId); mounted as a file, never an environment value.")
        SecretKeyRef apiKeySecretRef,

        @Pattern(ENDPOINT_ID_PATTERN)
        @JsonPropertyDescription(
                "The Stripe webhook endpoint (we_...) that delivers to this receiver. Each run reads it from Stripe and recovers only the event types it subscribes to, and marks events of another API version than the one it is pinned to. Unset: every type of the account is recovered.")
        String stripeEndpointId,

        @JsonPropertyDescription(
                "true when the Stripe endpoint is a Connect endpoint (receives connected accounts' events): events are then listed per connected account. Stripe's API does not return this flag, so it is set here. Default false.")
        Boolean connect,

        @Size(max = 1000)
        @JsonPropertyDescription(
                "Connected accounts (acct_...) whose events are always listed, besides those that sent events to this endpoint within the lookback. Needs connect: true.")
        List<@Pattern(ACCOUNT_ID_PATTERN) String> connectedAccounts,

        @Default("snapshot")
        @Pattern("^(snapshot|thin|both)$")
        @JsonPropertyDescription(
                "What this receiver is delivered, as Stripe's event destinations say it: snapshot (classic events, listed at /v1/events), thin (thin events, listed at /v2/core/events) or both. Each run lists those. Default snapshot.")
        String eventPayload) {

    /** A reconciliation of an endpoint that receives snapshot events. */
    public Reconciliation(
            String schedule,
            String lookback,
            SecretKeyRef apiKeySecretRef,
            String stripeEndpointId,
            Boolean connect,
            List<String> connectedAccounts) {
        this(schedule, lookback, apiKeySecretRef, stripeEndpointId, connect, connectedAccounts, null);
    }

    /** Five whitespace-separated cron fields of the usual characters, or one of the standard macros. */
    public static final String CRON_PATTERN =
            "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|([0-9*,/?LW#-]+|[A-Za-z]{3})(\\s+([0-9*,/?LW#-]+|[A-Za-z]{3}(-[A-Za-z]{3})?)){4})$";
    /** A Stripe webhook endpoint id. */
    public static final String ENDPOINT_ID_PATTERN = "^we_[A-Za-z0-9]+$";
    /** A Stripe account id. */
    public static final String ACCOUNT_ID_PATTERN = "^acct_[A-Za-z0-9]+$";

    /** The lookback, 26h when unset. */
    public String lookbackOrDefault() {
        return lookback == null ? ReceiverImage.LOOKBACK : lookback;
    }

    /** Whether the Stripe endpoint is a Connect endpoint. */
    public boolean isConnect() {
        return Boolean.TRUE.equals(connect);
    }
}
