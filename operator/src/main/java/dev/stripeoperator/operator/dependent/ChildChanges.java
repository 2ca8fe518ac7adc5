package dev.stripeoperator.operator.dependent;

import java.util.Objects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;

/**
 * The updates of a child that call for a reconcile: what the workflow keeps as desired (its spec, which moves the
 * generation, its labels, annotations and owners) and its deletion. Not its status: other controllers write it many
 * times while pods come and go (a PodDisruptionBudget's at every pod, an autoscaler's every 15 seconds), and no
 * condition of the endpoint shows it, so each such update would run the whole workflow to find nothing to do. For
 * kinds with a generation: a Secret or a Service has none, and any update of theirs may be a change.
 */
public class ChildChanges<R extends HasMetadata> implements OnUpdateFilter<R> {

    @Override
    public boolean accept(R updated, R old) {
        ObjectMeta now = updated.getMetadata();
        ObjectMeta before = old.getMetadata();
        return !Objects.equals(now.getGeneration(), before.getGeneration())
                || !Objects.equals(now.getLabels(), before.getLabels())
                || !Objects.equals(now.getAnnotations(), before.getAnnotations())
                || !Objects.equals(now.getOwnerReferences(), before.getOwnerReferences())
                || !Objects.equals(now.getDeletionTimestamp(), before.getDeletionTimestamp())
                || !Objects.equals(now.getFinalizers(), before.getFinalizers());
    }
}
