package dev.stripeoperator.operator.replay;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.contract.EventSelection;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What a StripeWebhookReplay does, once: replay or discard some stored events of one endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "self == oldSelf",
        message = "spec is immutable: a StripeWebhookReplay runs once; create another one to run again")
@ValidationRule(
        value = "self.action == 'replay' || (has(self.dryRun) && self.dryRun) || has(self.reason)",
        message = "action discard needs a reason (unless dryRun): it is recorded with the discarded events")
@ValidationRule(
        value =
                "!has(self.selector) || !has(self.selector.status) || (self.action == 'replay' ? self.selector.status in "
                        + ReplaySpec.REPLAYABLE + " : self.selector.status in " + ReplaySpec.DISCARDABLE + ")",
        message = "selector.status must be one of " + ReplaySpec.REPLAYABLE + " for replay, one of "
                + ReplaySpec.DISCARDABLE + " for discard")
public record ReplaySpec(
        @Required
        @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription("The StripeWebhookEndpoint in this namespace whose stored events are worked on.")
        String endpoint,

        @Required
        @Pattern("^(" + ReplaySpec.REPLAY + "|" + ReplaySpec.DISCARD + ")$")
        @JsonPropertyDescription(
                "replay: put the events back to pending, so that the endpoint's receivers forward them again. discard: give them up for good (status discarded, final; never forwarded).")
        String action,

        @JsonPropertyDescription("Which events; unset: the dead letters.")
        ReplaySelector selector,

        @Size(max = EventSelection.MAX_TEXT)
        @Pattern("^[^\\x00-\\x1f\\x7f-\\x9f]+$")
        @JsonPropertyDescription(
                "Why, one line: recorded with the run in the endpoint's database (required to discard).")
        String reason,

        @JsonPropertyDescription(
                "true: only report what would be replayed or discarded (in the status and the Job's log); change nothing.")
        Boolean dryRun) {

    /** The action word of a replay, as the receiver's command. */
    public static final String REPLAY = "replay";
    /** The action word of a discard, as the receiver's command. */
    public static final String DISCARD = "discard";
    /** The statuses replay changes, as a CEL list; {@code ReplaySpecTest} holds it to the contract's. */
    static final String REPLAYABLE = "['failed', 'delivered', 'dead', 'discarded']";
    /** The statuses discard changes, as a CEL list; {@code ReplaySpecTest} holds it to the contract's. */
    static final String DISCARDABLE = "['pending', 'failed', 'dead']";

    /** Whether it only reports. */
    @JsonIgnore
    public boolean onlyReports() {
        return Boolean.TRUE.equals(dryRun);
    }
}
