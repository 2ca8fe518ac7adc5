package dev.stripeoperator.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.stripeoperator.localcluster.LocalCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The Helm chart installed into the local cluster as a platform team installs it, with the images {@code make images}
 * builds: the operator runs as the pod the chart's Deployment gets, on the real node, in-cluster (the ServiceAccount
 * token the kubelet mounts, the {@code kubernetes} Service), Ready through its own readiness probe.
 */
final class InstalledChart {

    static final String NAMESPACE = "stripe-system";
    static final String RELEASE = "stripe-webhook-operator";
    /** The user the audit log records for every request of the operator. */
    static final String OPERATOR_USER = "system:serviceaccount:" + NAMESPACE + ":" + RELEASE;
    /** The PodMonitor that the chart's monitoring.podMonitor creates for every endpoint's receivers. */
    static final String POD_MONITOR = RELEASE + "-receivers";
    /** The Lease the chart names after the release, which the operator's replicas elect their leader with. */
    static final String LEASE = RELEASE + "-leader";

    private static final String CHART = "helm/stripe-webhook-operator";
    private static final Duration START = Duration.ofSeconds(120);

    private final LocalCluster cluster;
    private final List<String> values;

    private InstalledChart(LocalCluster cluster, List<String> values) {
        this.cluster = cluster;
        this.values = values;
    }

    /**
     * Installs the Gateway API's HTTPRoute CRD (so that the operator manages HTTPRoutes too) and the Prometheus
     * Operator's CRDs that the chart's monitoring creates objects of, then the chart with {@code values} ({@code --set}
     * assignments) into a namespace that enforces the restricted Pod Security level, and waits until the operator's
     * pod is Ready.
     */
    static InstalledChart install(LocalCluster cluster, String... values) {
        KubernetesClient client = cluster.admin();
        List<Path> crds = List.of(
                cluster.gatewayApiCrd("httproutes"),
                cluster.prometheusOperatorCrd("podmonitors"),
                cluster.prometheusOperatorCrd("servicemonitors"),
                cluster.prometheusOperatorCrd("prometheusrules"));
        for (Path file : crds) {
            CustomResourceDefinition crd =
                    client.resource(readCrd(file)).forceConflicts().serverSideApply();
            // helm install fails on a kind the API server does not serve yet
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd.getMetadata().getName())
                    .waitUntilCondition(
                            c -> c != null
                                    && c.getStatus() != null
                                    && c.getStatus().getConditions() != null
                                    && c.getStatus().getConditions().stream()
                                            .anyMatch(condition -> condition
                                                            .getType()
                                                            .equals("Established")
                                                    && condition.getStatus().equals("True")),
                            START.toSeconds(),
                            TimeUnit.SECONDS);
        }
        client.resource(restrictedNamespace(NAMESPACE)).forceConflicts().serverSideApply();
        InstalledChart chart = new InstalledChart(cluster, new ArrayList<>(List.of(values)));
        cluster.helm(chart.helmArguments("install").toArray(String[]::new));
        return chart;
    }

    /** {@code helm upgrade --wait} with the values so far plus {@code changes}: done when the new operator pod is Ready. */
    void upgrade(String... changes) {
        values.addAll(List.of(changes));
        cluster.helm(helmArguments("upgrade").toArray(String[]::new));
        cluster.kubectl("-n", NAMESPACE, "rollout", "status", "deployment/" + RELEASE, "--timeout=120s");
    }

    /** {@code helm uninstall --wait}: the kubelet stops the operator's pod. */
    void uninstall() {
        cluster.helm("uninstall", RELEASE, "--namespace", NAMESPACE, "--wait", "--timeout", "2m");
    }

    /** The operator's pod, Running; null while there is none. */
    Pod operatorPod() {
        return cluster
                .admin()
                .pods()
                .inNamespace(NAMESPACE)
                .withLabel("app.kubernetes.io/instance", RELEASE)
                .withLabel("app.kubernetes.io/component", "operator")
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null
                        && "Running".equals(p.getStatus().getPhase()))
                .findFirst()
                .orElse(null);
    }

    /** The chart's PodMonitor as the API server has it. */
    GenericKubernetesResource podMonitor() {
        return cluster.admin()
                .genericKubernetesResources("monitoring.coreos.com/v1", "PodMonitor")
                .inNamespace(NAMESPACE)
                .withName(POD_MONITOR)
                .get();
    }

    /** What the running operator printed so far, as {@code kubectl logs} shows it. */
    String operatorLog() {
        return cluster.kubectl("-n", NAMESPACE, "logs", "deployment/" + RELEASE, "--tail=-1");
    }

    /** A namespace that enforces the restricted Pod Security level. */
    static io.fabric8.kubernetes.api.model.Namespace restrictedNamespace(String name) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .endMetadata()
                .build();
    }

    private List<String> helmArguments(String command) {
        List<String> args = new ArrayList<>(List.of(
                command,
                RELEASE,
                cluster.repository().resolve(CHART).toString(),
                "--namespace",
                NAMESPACE,
                "--wait",
                "--timeout",
                "2m"));
        for (String value : values) {
            args.addAll(List.of("--set", value));
        }
        return args;
    }

    private static CustomResourceDefinition readCrd(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
