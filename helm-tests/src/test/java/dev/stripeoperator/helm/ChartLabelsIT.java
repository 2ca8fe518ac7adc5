package dev.stripeoperator.helm;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code commonLabels} reach every object the chart renders and every pod it runs, never the operator's selector; an
 * object's own extra labels win over them, the chart's own labels cannot be taken.
 */
class ChartLabelsIT {

    /** Every kind the chart's templates can render; the renders below must cover them all. */
    private static final Set<String> EVERY_KIND = Set.of(
            "ClusterRole",
            "ClusterRoleBinding",
            "ConfigMap",
            "CustomResourceDefinition",
            "Deployment",
            "NetworkPolicy",
            "PodDisruptionBudget",
            "PodMonitor",
            "PrometheusRule",
            "Role",
            "RoleBinding",
            "Service",
            "ServiceAccount",
            "ServiceMonitor");

    private static Helm helm;

    @BeforeAll
    static void helm() {
        helm = new Helm(Repository.current());
    }

    @Test
    void everyObjectOfEveryValueSetCarriesThemAndEveryKindIsAmongThem() {
        Set<String> kinds = new TreeSet<>();
        for (ValueSet values : ValueSet.values()) {
            Manifests manifests = helm.template(Stream.concat(
                            Stream.of(values.arguments(helm)),
                            Stream.of(
                                    "--set-string",
                                    "commonLabels.example\\.com/owner=platform,commonLabels.tier=1",
                                    "--set",
                                    "networkPolicy.enabled=true,crds.templated=true"))
                    .toArray(String[]::new));

            assertThat(manifests.objects())
                    .as(values.name())
                    .isNotEmpty()
                    .allSatisfy(object -> assertThat(object.getMetadata().getLabels())
                            .as(
                                    "%s %s/%s",
                                    values,
                                    object.getKind(),
                                    object.getMetadata().getName())
                            .containsEntry("example.com/owner", "platform")
                            .containsEntry("tier", "1")
                            .containsEntry("app.kubernetes.io/name", "stripe-webhook-operator"));
            assertThat(manifests.podSpecs()).hasSize(1);
            Deployment deployment = manifests.only(Deployment.class);
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsEntry("example.com/owner", "platform")
                    .containsEntry("tier", "1");
            assertThat(deployment.getSpec().getSelector().getMatchLabels())
                    .as("the selector, immutable, never takes them")
                    .doesNotContainKeys("example.com/owner", "tier");
            manifests.objects().stream().map(HasMetadata::getKind).forEach(kinds::add);
        }
        assertThat(kinds).containsExactlyInAnyOrderElementsOf(EVERY_KIND);
    }

    @Test
    void anObjectsOwnLabelsWinOverThemWithoutAKeyWrittenTwice() {
        Manifests manifests = helm.template(
                "--set", "commonLabels.team=platform,commonLabels.tier=gold",
                "--set", "podLabels.team=payments",
                "--set", "metrics.serviceMonitor.enabled=true,metrics.serviceMonitor.labels.tier=silver");

        assertThat(manifests
                        .only(Deployment.class)
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels())
                .containsEntry("team", "payments")
                .containsEntry("tier", "gold");
        assertThat(manifests.objects())
                .filteredOn(object -> object.getKind().equals("ServiceMonitor"))
                .singleElement()
                .satisfies(monitor -> assertThat(monitor.getMetadata().getLabels())
                        .containsEntry("tier", "silver")
                        .containsEntry("team", "platform"));
    }

    @Test
    void valuesThatLookLikeNumbersStayText() {
        Map<String, String> labels = helm.template("--set-string", "commonLabels.cost-center=4711")
                .only(Deployment.class)
                .getMetadata()
                .getLabels();

        assertThat(labels).containsEntry("cost-center", "4711");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "app\\.kubernetes\\.io/name",
                "app\\.kubernetes\\.io/instance",
                "app\\.kubernetes\\.io/component",
                "app\\.kubernetes\\.io/managed-by",
                "app\\.kubernetes\\.io/part-of",
                "app\\.kubernetes\\.io/version",
                "helm\\.sh/chart"
            })
    void theChartsOwnLabelsCannotBeTaken(String key) {
        CommandResult result = helm.tryTemplate("--set", "commonLabels." + key + "=mine");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("invalid propertyName '" + key.replace("\\", "") + "'");
    }
}
