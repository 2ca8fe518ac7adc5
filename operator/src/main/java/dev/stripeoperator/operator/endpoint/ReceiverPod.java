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
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * Where and how the receiver and backfill pods run in the cluster: scheduling, pulling, metadata, identity, extra
 * environment and volumes. The operator's {@code RECEIVER_DEFAULTS} give the values an endpoint leaves unset.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// The receiver's own settings come from the spec's fields; the rule names them from the contract.
@SchemaCustomizer(value = ContractEnvNamesSchema.class, input = "env")
// The operator's own volumes and the image's paths are not the endpoint's to take.
@SchemaCustomizer(value = ExtraVolumesSchema.class)
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
        List<EnvVar> env,

        @Pattern(OBJECT_NAME_PATTERN)
        @JsonPropertyDescription(
                "ServiceAccount the pods run as, in the endpoint's namespace, e.g. one a cloud's workload identity maps to a database role. The pods still mount no Kubernetes API token (automountServiceAccountToken: false); workload identity webhooks add their own projected token, and a token for another audience can be added as a projected volume. Default from the operator, else the namespace's default ServiceAccount.")
        String serviceAccountName,
        // Bounded, so that the API server can bound the cost of the rules over them.
        @Size(max = 32)
        @JsonPropertyDescription(
                "Extra volumes of the pods, e.g. a ConfigMap with a CA bundle or a projected serviceAccountToken. Merged by name with the operator's default, this endpoint's winning. The names of the operator's own volumes are refused.")
        List<Volume> volumes,

        @Size(max = 32)
        @JsonPropertyDescription(
                "Mounts of the extra volumes in the receiver and backfill containers. Merged by mountPath with the operator's default, this endpoint's winning. A path at, above or below one the receiver uses itself (/app, /tmp, /etc/stripe/..., /dev/termination-log) is refused.")
        List<VolumeMount> volumeMounts) {

    /** A Kubernetes object name (a DNS subdomain), as a PriorityClass has. */
    public static final String OBJECT_NAME_PATTERN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

    /** No pod settings. */
    public static final ReceiverPod NONE =
            new ReceiverPod(null, null, null, null, null, null, null, null, null, null, null, null);
}
