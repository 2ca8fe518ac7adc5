package dev.stripeoperator.operator.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.stripeoperator.operator.endpoint.ConditionReason;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.EndpointConditions;

/**
 * Collects a resource's conditions in the metav1.Condition shape. A condition keeps its
 * lastTransitionTime while its status stays the same, so an unchanged state yields an equal status.
 */
public final class Conditions {

    /** A condition's status when it holds. */
    static final String TRUE = "True";

    private static final String FALSE = "False";

    private final List<EndpointCondition> previous;
    private final long generation;
    private final String now;
    private final List<EndpointCondition> conditions = new ArrayList<>();

    /** Conditions of {@code generation} at {@code now}, after the {@code previous} ones (none: an empty list). */
    public Conditions(List<EndpointCondition> previous, long generation, Instant now) {
        this.previous = previous;
        this.generation = generation;
        this.now = now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Adds the condition {@code reason} belongs to; its lastTransitionTime moves only when its status changes. */
    public Conditions add(ConditionReason reason, boolean status, String message) {
        return add(reason.type(), status, reason.reason(), message);
    }

    /** Adds Ready as False for the cause {@code waitingFor} gives, with its reason and message. */
    Conditions notReady(EndpointCondition waitingFor) {
        return add(EndpointConditions.READY, false, waitingFor.getReason(), waitingFor.getMessage());
    }

    private Conditions add(String type, boolean status, String reason, String message) {
        String value = status ? TRUE : FALSE;
        String since = previous.stream()
                .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
                .findFirst()
                .map(EndpointCondition::getLastTransitionTime)
                .orElse(now);
        conditions.add(new EndpointCondition(type, value, reason, message, since, generation));
        return this;
    }

    Optional<EndpointCondition> get(String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** The conditions added, in order. */
    public List<EndpointCondition> list() {
        return List.copyOf(conditions);
    }
}
