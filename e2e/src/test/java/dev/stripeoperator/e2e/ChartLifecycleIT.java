package dev.stripeoperator.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.stripeoperator.localcluster.AuditEvent;
import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chart's lifecycle after the other tests: {@code helm upgrade} to watching one namespace (Roles there, no
 * ClusterRole) with the operator carrying on from its new pod, a switch to the CRD from the chart's templates, then
 * {@code helm uninstall}, which leaves the CRD and the endpoints in place.
 */
@Order(7)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith({LocalClusterExtension.class, InstalledChartExtension.class})
class ChartLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String CRD = "stripewebhookendpoints.webhooks.stripe-operator.dev";
    private static final String REPLAY_CRD = "stripewebhookreplays.webhooks.stripe-operator.dev";

    private static LocalCluster cluster;
    private static KubernetesClient client;
    private static InstalledChart chart;

    @BeforeAll
    static void chartInstalled(LocalCluster localCluster, InstalledChart installed) {
        cluster = localCluster;
        client = localCluster.admin();
        chart = installed;
    }

    @Test
    @Order(1)
    void anUpgradeToOneWatchedNamespaceGrantsARoleThereOnlyAndTheOperatorCarriesOn() {
        Instant upgraded = Instant.now();

        chart.upgrade("watchNamespaces={payments}");

        assertThat(client.rbac()
                        .clusterRoles()
                        .withName(InstalledChart.NAMESPACE + "-" + InstalledChart.RELEASE)
                        .get())
                .isNull();
        assertThat(client.rbac()
                        .roles()
                        .inNamespace("payments")
                        .withName(InstalledChart.RELEASE)
                        .get())
                .isNotNull();
        new AppliedManifests(cluster)
                .apply(AppliedManifests.signingSecret("payments", "billing-whsec", "whsec_e2e_after_upgrade"));
        Secret signing = await().atMost(WAIT)
                .until(
                        () -> client.secrets()
                                .inNamespace("payments")
                                .withName("billing-signing")
                                .get(),
                        s -> s != null
                                && new String(java.util.Base64.getDecoder()
                                                .decode(s.getData().get("current")))
                                        .equals("whsec_e2e_after_upgrade"));
        assertThat(signing.getData()).containsKey("previous");
        cluster.kubectl(
                "-n", "payments", "wait", "--for=condition=Ready", "--timeout=60s", "stripewebhookendpoint/billing");
        // The replaced pod keeps running, with its informers on every namespace, until the kubelet has stopped it,
        // while
        // the upgrade already took its ClusterRole: its refusals are the upgrade at work, not the new pod's RBAC.
        String operatorPod = chart.operatorPod().getMetadata().getName();
        List<AuditEvent> newPod = cluster.auditLog()
                .events(e -> e.user().equals(InstalledChart.OPERATOR_USER)
                        && e.pod().equals(operatorPod)
                        && e.time().isAfter(upgraded));
        assertThat(newPod)
                .as("requests of the new operator pod %s", operatorPod)
                .isNotEmpty();
        assertThat(newPod.stream()
                        .filter(e -> e.code() == 401 || e.code() == 403)
                        .map(e -> e.verb() + " " + e.requestUri())
                        .toList())
                .as("requests refused to the operator watching only payments")
                .isEmpty();
    }

    @Test
    @Order(2)
    void switchedToTheTemplatedCrdTheReleaseAdoptsAndUpgradesTheCrdAsUpgradingMdSays() {
        // the CRD of an older version, from crds/: without the category `stripe`
        cluster.kubectl(
                "patch",
                "crd",
                CRD,
                "--type=json",
                "-p",
                "[{\"op\": \"remove\", \"path\": \"/spec/names/categories\"}]");
        assertThat(crd().getSpec().getNames().getCategories()).isEmpty();

        // UPGRADING.md: the release adopts every CRD of crds/ before it templates them.
        for (String crd : List.of(CRD, REPLAY_CRD)) {
            cluster.kubectl("label", "crd", crd, "app.kubernetes.io/managed-by=Helm", "--overwrite");
            cluster.kubectl(
                    "annotate",
                    "crd",
                    crd,
                    "meta.helm.sh/release-name=" + InstalledChart.RELEASE,
                    "meta.helm.sh/release-namespace=" + InstalledChart.NAMESPACE,
                    "--overwrite");
        }
        chart.upgrade("crds.templated=true");

        assertThat(crd().getSpec().getNames().getCategories())
                .as("upgraded by helm upgrade")
                .containsExactly("stripe");
        assertThat(crd().getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        // discovery, as a fresh kubectl sees it (its cache from before would still miss the category for minutes)
        Path cache = cluster.directory().resolve("kubectl-cache-" + System.nanoTime());
        await().atMost(WAIT)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(
                                cluster.kubectl("--cache-dir", cache.toString(), "get", "stripe", "-n", "payments"))
                        .contains("billing"));
    }

    @Test
    @Order(3)
    void uninstallingRemovesTheOperatorButKeepsTheCrdAndTheEndpoints() {
        chart.uninstall();

        await().atMost(WAIT)
                .until(() -> client.apps()
                                .deployments()
                                .inNamespace(InstalledChart.NAMESPACE)
                                .withName(InstalledChart.RELEASE)
                                .get()
                        == null);
        assertThat(client.serviceAccounts()
                        .inNamespace(InstalledChart.NAMESPACE)
                        .withName(InstalledChart.RELEASE)
                        .get())
                .isNull();
        assertThat(client.rbac()
                        .roles()
                        .inNamespace("payments")
                        .withName(InstalledChart.RELEASE)
                        .get())
                .isNull();
        assertThat(crd())
                .as("kept by its resource policy, though the release owned it")
                .isNotNull();
        assertThat(AppliedManifests.get(client, "payments", "billing")).isNotNull();
    }

    private static CustomResourceDefinition crd() {
        return client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(CRD)
                .get();
    }
}
