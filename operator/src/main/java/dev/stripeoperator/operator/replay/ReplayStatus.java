package dev.stripeoperator.operator.replay;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.ListMapSchema;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;

/** What became of a StripeWebhookReplay, written by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = ListMapSchema.class, input = "conditions:type")
public record ReplayStatus(
        @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,

        @JsonPropertyDescription(
                "Pending (waiting for the endpoint or for the Job's pod), Running, Succeeded or Failed.")
        String phase,

        @JsonPropertyDescription("EndpointFound, in the metav1.Condition shape.")
        List<EndpointCondition> conditions,

        @JsonPropertyDescription("The Job that runs it, in this namespace: kubectl logs job/<job> lists every event.")
        String job,

        @JsonPropertyDescription("When the Job started (RFC 3339).")
        String startTime,

        @JsonPropertyDescription("When it ended (RFC 3339).")
        String completionTime,

        @JsonPropertyDescription("Stored events the selector matched when the run started.")
        Long matched,

        @JsonPropertyDescription("Matched events put back to pending (with dryRun: that would be).")
        Long replayed,

        @JsonPropertyDescription("Matched events discarded (with dryRun: that would be).")
        Long discarded,

        @JsonPropertyDescription(
                "Matched events left as they were: being forwarded right now, or in a status the action leaves alone.")
        Long skipped,

        @JsonPropertyDescription("Matched events the run did not reach because it failed.")
        Long failed,

        @JsonPropertyDescription("What happened, for people.")
        String message) {

    /** The phases. */
    public static final String PENDING = "Pending";

    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    /** Whether the run has ended. */
    public boolean finished() {
        return SUCCEEDED.equals(phase) || FAILED.equals(phase);
    }

    /** The condition of the given type, if present. */
    public Optional<EndpointCondition> condition(String type) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
