package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.contract.ReceiverImage;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** The receiver Deployment's settings; unset fields take the operator's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReceiverSpec(
        @Default("2")
        @Min(0)
        @Max(100)
        @JsonPropertyDescription(
                "Number of receiver pods. Default 2 so one can be disrupted while the other takes deliveries. Ignored when autoscaling is set.")
        Integer replicas,

        @Pattern("^\\S+$")
        @JsonPropertyDescription("Receiver container image; default from the operator's RECEIVER_IMAGE.")
        String image,

        @JsonPropertyDescription(
                "Container resources; default from the operator's RECEIVER_*_REQUEST/LIMIT settings (no CPU limit unless set).")
        ContainerResources resources,

        @Min(1)
        @Max(3600)
        @JsonPropertyDescription("Largest accepted age of a signature timestamp, in seconds. Default "
                + ReceiverImage.SIGNATURE_TOLERANCE_SECONDS + " (the receiver's default).")
        Integer signatureToleranceSeconds,

        @Min(1024)
        @Max(67108864)
        @JsonPropertyDescription("Largest accepted request body in bytes; larger ones get 413. Default "
                + ReceiverImage.MAX_BODY_BYTES + " (the receiver's default).")
        Integer maxBodyBytes,

        @JsonPropertyDescription("Scale the receiver with a HorizontalPodAutoscaler instead of a fixed replica count.")
        Autoscaling autoscaling,

        @JsonPropertyDescription(
                "Scheduling, image pull Secrets, metadata and extra environment of the receiver and backfill pods; unset fields take the operator's defaults.")
        ReceiverPod pod,

        @JsonPropertyDescription(
                "Forwarding to the sink: attempts, backoff, concurrency; unset fields take the operator's defaults, then the receiver's.")
        ForwardingSpec forwarding) {

    /** Settings when spec.receiver is unset. */
    public static final ReceiverSpec DEFAULTS = new ReceiverSpec(null, null, null, null, null, null, null, null);

    /** The fixed replica count, 2 when unset. */
    public int replicasOrDefault() {
        return replicas == null ? 2 : replicas;
    }

    /** The fewest pods this endpoint runs with: the autoscaler's minimum, or the fixed count. */
    public int minimumReplicas() {
        return autoscaling == null ? replicasOrDefault() : autoscaling.minReplicasOrDefault();
    }
}
