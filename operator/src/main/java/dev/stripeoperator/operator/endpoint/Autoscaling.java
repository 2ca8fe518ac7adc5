package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** HorizontalPodAutoscaler bounds for the receiver. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!has(self.minReplicas) || self.minReplicas <= self.maxReplicas",
        message = "minReplicas must not exceed maxReplicas")
public record Autoscaling(
        @Default("2") @Min(1) @Max(100) @JsonPropertyDescription("Fewest receiver pods. Default 2.")
        Integer minReplicas,

        @Required @Min(1) @Max(100) @JsonPropertyDescription("Most receiver pods.")
        Integer maxReplicas,

        @Default("70")
        @Min(1)
        @Max(100)
        @JsonPropertyDescription(
                "Average CPU utilization (percent of the request) the autoscaler aims for. Default 70.")
        Integer targetCPUUtilizationPercentage) {

    /** The minimum, 2 when unset. */
    public int minReplicasOrDefault() {
        return minReplicas == null ? 2 : minReplicas;
    }

    /** The CPU target, 70 when unset. */
    public int targetCpuOrDefault() {
        return targetCPUUtilizationPercentage == null ? 70 : targetCPUUtilizationPercentage;
    }
}
