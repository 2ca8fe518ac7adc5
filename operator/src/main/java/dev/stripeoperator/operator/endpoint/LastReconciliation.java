package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.contract.BackfillOutcome;

/** Summary of the last reconcile job run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LastReconciliation(
        @JsonPropertyDescription("When the run finished (RFC 3339).")
        String time,

        @JsonPropertyDescription("Events listed from the Stripe API.")
        Long listed,

        @JsonPropertyDescription("Listed events that were not in the database.")
        Long missing,

        @JsonPropertyDescription("Missing events that were stored by the run.")
        Long recovered,

        @JsonPropertyDescription("Succeeded or Failed, with the reason when it failed.")
        String outcome,

        @JsonPropertyDescription(
                "Listed events of types the Stripe endpoint does not subscribe to; never stored (needs stripeEndpointId).")
        Long unsubscribed,

        @JsonPropertyDescription(
                "Stored events rendered at another API version than the Stripe endpoint's; delivered with the header Stripe-Event-Api-Version, so re-fetch their objects.")
        Long versionMismatches,

        @JsonPropertyDescription("Connected accounts whose events were listed (Connect endpoints).")
        Long accounts) {

    /** Whether the run failed: its outcome starts with {@code Failed}. */
    public boolean failed() {
        return outcome != null && outcome.startsWith(BackfillOutcome.FAILED.text());
    }
}
