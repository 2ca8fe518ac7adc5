package dev.stripeoperator.operator.dependent;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which updates of a child run the workflow again: what it keeps as desired, not what other controllers report. */
class ChildChangesTest {

    private final ChildChanges<PodDisruptionBudget> budgets = new ChildChanges<>();
    private final ReceiverDeploymentChanges deployments = new ReceiverDeploymentChanges();

    @Test
    void aBudgetsStatusCountingPodsIsNoChangeItsSpecAndLabelsAre() {
        PodDisruptionBudget created = budget(1, Map.of("app", "receiver"), 0);

        assertThat(budgets.accept(budget(1, Map.of("app", "receiver"), 2), created))
                .as("the disruption controller counting healthy pods")
                .isFalse();
        assertThat(budgets.accept(budget(2, Map.of("app", "receiver"), 0), created))
                .as("a new generation")
                .isTrue();
        assertThat(budgets.accept(budget(1, Map.of("app", "other"), 0), created))
                .as("a label changed")
                .isTrue();
    }

    @Test
    void ofAReceiverDeploymentsStatusOnlyWhatReceiverAvailableShowsIsAChange() {
        Deployment none = deployment(1, 0, 0, null);
        Deployment one = deployment(1, 1, 1, null);

        assertThat(deployments.accept(deployment(1, 1, 0, null), none))
                .as("a replica created, none available")
                .isFalse();
        assertThat(deployments.accept(one, none))
                .as("the first replica available")
                .isTrue();
        assertThat(deployments.accept(deployment(1, 2, 2, null), one))
                .as("the second replica available")
                .isFalse();
        assertThat(deployments.accept(none, one)).as("the last replica gone").isTrue();
        assertThat(deployments.accept(deployment(1, 0, 0, "serviceaccount \"db\" not found"), none))
                .as("the ReplicaSet cannot create pods")
                .isTrue();
        assertThat(deployments.accept(deployment(2, 1, 1, null), one))
                .as("a new generation")
                .isTrue();
    }

    @Test
    void theRevisionTheDeploymentControllerNotesIsNoChangeAnAnnotationOfTheWorkflowsIs() {
        Deployment created = deployment(1, 0, 0, null);
        Deployment revised = annotated(deployment(1, 0, 0, null), Map.of("deployment.kubernetes.io/revision", "1"));

        assertThat(deployments.accept(revised, created))
                .as("the deployment controller noting revision 1")
                .isFalse();
        assertThat(deployments.accept(
                        annotated(deployment(1, 0, 0, null), Map.of("deployment.kubernetes.io/revision", "2")),
                        revised))
                .as("the next revision")
                .isFalse();
        assertThat(deployments.accept(
                        annotated(
                                deployment(1, 0, 0, null),
                                Map.of("deployment.kubernetes.io/revision", "1", "example.com/owner", "payments")),
                        revised))
                .as("an annotation set beside the revision")
                .isTrue();
        assertThat(budgets.accept(
                        annotated(budget(1, Map.of(), 0), Map.of("deployment.kubernetes.io/revision", "1")),
                        budget(1, Map.of(), 0)))
                .as("the same annotation on another kind of child, whose controller does not write it")
                .isTrue();
    }

    private static <R extends HasMetadata> R annotated(R child, Map<String, String> annotations) {
        child.getMetadata().setAnnotations(annotations);
        return child;
    }

    private static PodDisruptionBudget budget(long generation, Map<String, String> labels, int healthy) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName("billing-stripe-receiver")
                .withGeneration(generation)
                .withLabels(labels)
                .endMetadata()
                .withNewStatus()
                .withCurrentHealthy(healthy)
                .withObservedGeneration(generation)
                .endStatus()
                .build();
    }

    private static Deployment deployment(long generation, int replicas, int available, String replicaFailure) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName("billing-stripe-receiver")
                .withGeneration(generation)
                .endMetadata()
                .withNewStatus()
                .withReplicas(replicas)
                .withReadyReplicas(available)
                .withAvailableReplicas(available)
                .withConditions(
                        replicaFailure == null
                                ? List.of()
                                : List.of(new DeploymentConditionBuilder()
                                        .withType("ReplicaFailure")
                                        .withStatus("True")
                                        .withMessage(replicaFailure)
                                        .build()))
                .endStatus()
                .build();
    }
}
