package dev.stripeoperator.operator.status;

import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/**
 * What ReceiverAvailable shows of the receiver's Deployment status, and all it shows: whether a replica is available,
 * and why its ReplicaSet cannot create pods.
 *
 * @param available whether at least one replica is available
 * @param failure the API server's words to the ReplicaSet's controller (a ServiceAccount that does not exist, a quota,
 *     an admission policy); empty while it can create pods
 */
public record ReceiverAvailability(boolean available, String failure) {

    /** What {@code deployment}'s status shows. */
    public static ReceiverAvailability of(Deployment deployment) {
        Optional<DeploymentStatus> status = Optional.ofNullable(deployment.getStatus());
        return new ReceiverAvailability(
                status.map(DeploymentStatus::getAvailableReplicas).orElse(0) > 0,
                status.map(DeploymentStatus::getConditions).orElse(List.of()).stream()
                        .filter(c -> "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus()))
                        .map(c -> c.getMessage())
                        .findFirst()
                        .orElse(""));
    }
}
