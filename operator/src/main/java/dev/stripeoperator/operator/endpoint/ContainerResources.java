package dev.stripeoperator.operator.endpoint;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

/** CPU and memory of the receiver and reconcile containers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerResources(
        @JsonPropertyDescription("Requested resources, e.g. {cpu: 100m, memory: 256Mi}.")
        Map<String, Quantity> requests,

        @JsonPropertyDescription("Resource limits, e.g. {cpu: 1, memory: 512Mi}.")
        Map<String, Quantity> limits) {

    /** As a container's resources. */
    public ResourceRequirements toRequirements() {
        return new ResourceRequirementsBuilder()
                .withRequests(requests == null ? Map.of() : requests)
                .withLimits(limits == null ? Map.of() : limits)
                .build();
    }
}
