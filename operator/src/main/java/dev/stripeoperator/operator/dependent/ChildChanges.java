package dev.stripeoperator.operator.dependent;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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

    private final Set<String> othersAnnotations;

    /** Compares every annotation. */
    public ChildChanges() {
        this(Set.of());
    }

    /**
     * Ignores the annotations in {@code othersAnnotations}: another controller writes them and the workflow never
     * sets them.
     */
    protected ChildChanges(Set<String> othersAnnotations) {
        this.othersAnnotations = Set.copyOf(othersAnnotations);
    }

    @Override
    public boolean accept(R updated, R old) {
        ObjectMeta now = updated.getMetadata();
        ObjectMeta before = old.getMetadata();
        return !Objects.equals(now.getGeneration(), before.getGeneration())
                || !Objects.equals(now.getLabels(), before.getLabels())
                || !Objects.equals(ownAnnotations(now), ownAnnotations(before))
                || !Objects.equals(now.getOwnerReferences(), before.getOwnerReferences())
                || !Objects.equals(now.getDeletionTimestamp(), before.getDeletionTimestamp())
                || !Objects.equals(now.getFinalizers(), before.getFinalizers());
    }

    private Map<String, String> ownAnnotations(ObjectMeta metadata) {
        Map<String, String> annotations = metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations();
        if (othersAnnotations.stream().noneMatch(annotations::containsKey)) {
            return annotations;
        }
        Map<String, String> own = new HashMap<>(annotations);
        own.keySet().removeAll(othersAnnotations);
        return own;
    }
}
