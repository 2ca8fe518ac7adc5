package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.operator.status.ReceiverAvailability;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The receiver Deployment's updates that call for a reconcile: a child's, and of its status only what
 * ReceiverAvailable shows (the first replica available or the last gone, a ReplicaSet that cannot create pods), not
 * each of the deployment controller's several writes per pod.
 */
public class ReceiverDeploymentChanges extends ChildChanges<Deployment> {

    @Override
    public boolean accept(Deployment updated, Deployment old) {
        return super.accept(updated, old) || !ReceiverAvailability.of(updated).equals(ReceiverAvailability.of(old));
    }
}
