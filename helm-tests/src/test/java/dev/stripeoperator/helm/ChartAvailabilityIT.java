package dev.stripeoperator.helm;

import java.util.List;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With more than one operator replica, a node drain or a lost node or zone leaves one running. */
class ChartAvailabilityIT {

    private static Helm helm;

    @BeforeAll
    static void helm() {
        helm = new Helm(Repository.current());
    }

    @Test
    void oneReplicaHasNoBudgetAndNoSpreadToKeep() {
        Manifests manifests = ValueSet.DEFAULTS.render(helm);

        assertThat(manifests.all(PodDisruptionBudget.class)).isEmpty();
        assertThat(manifests
                        .only(Deployment.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getTopologySpreadConstraints())
                .isEmpty();
    }

    @Test
    void severalReplicasGetABudgetThatSelectsExactlyTheOperatorPods() {
        Manifests manifests = ValueSet.HIGH_AVAILABILITY.render(helm);

        PodDisruptionBudget budget = manifests.only(PodDisruptionBudget.class);
        Deployment deployment = manifests.only(Deployment.class);
        assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(helm.template(
                                "--set",
                                "replicaCount=3",
                                "--set",
                                "leaderElection.enabled=true",
                                "--set-string",
                                "podDisruptionBudget.maxUnavailable=50%")
                        .only(PodDisruptionBudget.class)
                        .getSpec()
                        .getMaxUnavailable())
                .isEqualTo(new IntOrString("50%"));
        assertThat(helm.template(
                                "--set",
                                "replicaCount=2",
                                "--set",
                                "leaderElection.enabled=true",
                                "--set",
                                "podDisruptionBudget.enabled=false")
                        .all(PodDisruptionBudget.class))
                .isEmpty();
    }

    @Test
    void severalReplicasSpreadOverNodesAndZonesWithoutEverBecomingUnschedulable() {
        Deployment deployment = ValueSet.HIGH_AVAILABILITY.render(helm).only(Deployment.class);

        List<TopologySpreadConstraint> spread =
                deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();

        assertThat(spread)
                .extracting(TopologySpreadConstraint::getTopologyKey)
                .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        assertThat(spread).allSatisfy(constraint -> {
            assertThat(constraint.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
            assertThat(constraint.getMaxSkew()).isEqualTo(1);
            assertThat(constraint.getLabelSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        });
    }

    @Test
    void ownConstraintsReplaceTheDefaultsAndSelectTheOperatorPodsUnlessTheySayOtherwise() {
        Deployment deployment = helm.template(
                        "--set",
                        "topologySpreadConstraints[0].maxSkew=2",
                        "--set",
                        "topologySpreadConstraints[0].topologyKey=topology.kubernetes.io/zone",
                        "--set",
                        "topologySpreadConstraints[0].whenUnsatisfiable=DoNotSchedule")
                .only(Deployment.class);

        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .singleElement()
                .satisfies(constraint -> {
                    assertThat(constraint.getMaxSkew()).isEqualTo(2);
                    assertThat(constraint.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
                    assertThat(constraint.getLabelSelector().getMatchLabels())
                            .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
                });
    }
}
