package dev.stripeoperator.operator.endpoint;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** One condition of an endpoint or a replay, in the shape of a Kubernetes metav1.Condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class EndpointCondition {

    // The key of the conditions list: a list-map key must be required.
    @Required
    @JsonPropertyDescription("The condition's type, one of those status.conditions lists.")
    private final String type;

    @Required
    @JsonPropertyDescription("True, False or Unknown.")
    private final String status;

    @JsonPropertyDescription("Why the condition is in this state, in CamelCase (e.g. SecretKeyNotFound, PathConflict).")
    private final String reason;

    @JsonPropertyDescription("What the reason means here, for people; never a secret value.")
    private final String message;

    @JsonPropertyDescription("When the status last changed (RFC 3339).")
    private final String lastTransitionTime;

    @JsonPropertyDescription("The metadata.generation the condition was computed for.")
    private final Long observedGeneration;

    /** A condition as read from or written to the API server. */
    @JsonCreator
    public EndpointCondition(
            @JsonProperty("type") String type,
            @JsonProperty("status") String status,
            @JsonProperty("reason") String reason,
            @JsonProperty("message") String message,
            @JsonProperty("lastTransitionTime") String lastTransitionTime,
            @JsonProperty("observedGeneration") Long observedGeneration) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
        this.lastTransitionTime = lastTransitionTime;
        this.observedGeneration = observedGeneration;
    }

    public String getType() {
        return type;
    }

    public String getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }

    public String getMessage() {
        return message;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EndpointCondition c
                && Objects.equals(type, c.type)
                && Objects.equals(status, c.status)
                && Objects.equals(reason, c.reason)
                && Objects.equals(message, c.message)
                && Objects.equals(lastTransitionTime, c.lastTransitionTime)
                && Objects.equals(observedGeneration, c.observedGeneration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, reason, message, lastTransitionTime, observedGeneration);
    }

    @Override
    public String toString() {
        return type + "=" + status + " (" + reason + ": " + message + ")";
    }
}
