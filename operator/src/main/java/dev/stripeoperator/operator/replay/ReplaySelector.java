package dev.stripeoperator.operator.replay;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Which stored events of the endpoint a replay works on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value =
                "!has(self.ids) || (!has(self.status) && !has(self.types) && !has(self.created) && !has(self.received))",
        message = "ids name the events: they cannot be combined with status, types, created or received")
public record ReplaySelector(
        @Pattern("^[a-z]+$")
        @JsonPropertyDescription(
                "Events in this status: dead (default), failed, delivered or discarded for replay; dead, failed or pending for discard.")
        String status,

        @Size(max = 100)
        @JsonPropertyDescription(
                "Event types, `*` wildcards allowed as in enabledEvents (e.g. `invoice.*`); unset: every type.")
        List<@Pattern("^[A-Za-z0-9_.*-]+$") String> types,

        @JsonPropertyDescription("When Stripe created the events.")
        TimeWindow created,

        @JsonPropertyDescription("When the receiver stored the events.")
        TimeWindow received,

        @Size(min = 1, max = 1000)
        @JsonPropertyDescription(
                "Events by id (evt_...), in any status; not combined with status, types, created or received.")
        List<@Pattern("^evt_[A-Za-z0-9_]+$") String> ids) {}
