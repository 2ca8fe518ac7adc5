package dev.stripeoperator.operator.dependent;

import java.util.Set;

import dev.stripeoperator.operator.status.ReceiverAvailability;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The receiver Deployment's updates that call for a reconcile: a child's, and of its status only what
 * ReceiverAvailable shows (the first replica available or the last gone, a ReplicaSet that cannot create pods), not
 * each of the deployment controller's several writes per pod, nor the revision it notes on the Deployment (with
 * its first status write, so every new receiver would run the workflow once more for nothing).
 */
public class ReceiverDeploymentChanges extends ChildChanges<Deployment> {

    /** The annotation with which the deployment controller numbers the Deployment's rollouts. */
    static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

    /** Ignores the rollout revision. */
    public ReceiverDeploymentChanges() {
        super(Set.of(REVISION_ANNOTATION));
    }

    @Override
    public boolean accept(Deployment updated, Deployment old) {
        return super.accept(updated, old) || !ReceiverAvailability.of(updated).equals(ReceiverAvailability.of(old));
    }
}
