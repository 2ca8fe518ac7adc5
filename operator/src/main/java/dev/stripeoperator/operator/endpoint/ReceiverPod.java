package dev.stripeoperator.operator.endpoint;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;

/**
 * Where and how the receiver and backfill pods run in the cluster: scheduling, pulling, metadata and extra
 * environment. The operator's {@code RECEIVER_DEFAULTS} give the values an endpoint leaves unset.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// The receiver's own settings come from the spec's fields; the rule names them from the contract.
@SchemaCustomizer(value = ContractEnvNamesSchema.class, input = "env")
public record ReceiverPod(
        @JsonPropertyDescription(
                "Secrets with registry credentials to pull the receiver image, e.g. [{name: regcred}]. Replaces the operator's default list.")
        List<LocalObjectReference> imagePullSecrets,

        @JsonPropertyDescription(
                "Node labels the pods must match. Merged with the operator's default, this endpoint's keys winning.")
        Map<String, String> nodeSelector,

        @JsonPropertyDescription("Tolerations of the pods. Replaces the operator's default list.")
        List<Toleration> tolerations,

        @JsonPropertyDescription("Node and pod affinity of the pods. Replaces the operator's default.")
        Affinity affinity,

        @JsonPropertyDescription(
                "How the receiver pods spread over zones or nodes. Replaces the operator's default list.")
        List<TopologySpreadConstraint> topologySpreadConstraints,

        @Pattern(OBJECT_NAME_PATTERN) @JsonPropertyDescription("PriorityClass of the pods. Default from the operator.")
        String priorityClassName,

        @JsonPropertyDescription(
                "Annotations on the pods. Merged with the operator's default, this endpoint's keys winning; the operator's own annotations win over both.")
        Map<String, String> annotations,

        @JsonPropertyDescription(
                "Labels on the pods. Merged with the operator's default, this endpoint's keys winning; the operator's own labels (app.kubernetes.io/*) win over both.")
        Map<String, String> labels,
        // Bounded, so that the API server can bound the cost of the rule over it.
        @Size(max = 64)
        @JsonPropertyDescription(
                "Extra environment of the receiver and backfill containers, e.g. JAVA_TOOL_OPTIONS for an egress proxy. Merged by name with the operator's default, this endpoint's winning. Names of the receiver's own settings are refused: set those through the spec.")
        List<EnvVar> env) {

    /** A Kubernetes object name (a DNS subdomain), as a PriorityClass has. */
    public static final String OBJECT_NAME_PATTERN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

    /** No pod settings. */
    public static final ReceiverPod NONE = new ReceiverPod(null, null, null, null, null, null, null, null, null);
}
