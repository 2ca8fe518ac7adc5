package dev.stripeoperator.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.stripeoperator.localcluster.LocalCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.awaitility.Awaitility;

/**
 * The Helm chart installed into the local control plane as a platform team installs it, and the operator running
 * from the pod the chart's Deployment got: the packaged operator.jar under the chart's ServiceAccount token, with
 * the pod's environment, user and read-only root, against the chart's RBAC.
 */
final class InstalledChart implements AutoCloseable {

    static final String NAMESPACE = "stripe-system";
    static final String RELEASE = "stripe-webhook-operator";
    /** The user the audit log records for every request of the operator. */
    static final String OPERATOR_USER = "system:serviceaccount:" + NAMESPACE + ":" + RELEASE;
    /** The PodMonitor that the chart's monitoring.podMonitor creates for every endpoint's receivers. */
    static final String POD_MONITOR = RELEASE + "-receivers";
    /** The Lease the chart names after the release, which the operator's replicas elect their leader with. */
    static final String LEASE = RELEASE + "-leader";

    private static final String CHART = "helm/stripe-webhook-operator";
    private static final Duration START = Duration.ofSeconds(90);

    private final LocalCluster cluster;
    private final Path workDir;
    private final List<String> values;
    private final AtomicInteger runs = new AtomicInteger();
    private PodContainer operator;

    private InstalledChart(LocalCluster cluster, Path workDir, List<String> values) {
        this.cluster = cluster;
        this.workDir = workDir;
        this.values = values;
    }

    /**
     * Installs the Gateway API's HTTPRoute CRD (so that the operator manages HTTPRoutes too) and the Prometheus
     * Operator's CRDs that the chart's monitoring creates objects of, then the chart with {@code values} ({@code --set}
     * assignments) into a namespace that enforces the restricted Pod Security level, and starts the operator from its pod.
     */
    static InstalledChart install(LocalCluster cluster, Path workDir, String... values) {
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
        InstalledChart chart = new InstalledChart(cluster, workDir, new ArrayList<>(List.of(values)));
        cluster.helm(chart.helmArguments("install").toArray(String[]::new));
        chart.startOperator();
        return chart;
    }

    /**
     * {@code helm upgrade} with the values so far plus {@code changes}, then the operator from the pod the new ReplicaSet
     * made.
     */
    void upgrade(String... changes) {
        String revisionBefore = operatorPod().getMetadata().getLabels().get("pod-template-hash");
        upgradeRelease(changes);
        operator.close();
        Awaitility.await().atMost(START).until(() -> {
            Pod pod = operatorPod();
            return pod != null
                    && !revisionBefore.equals(pod.getMetadata().getLabels().get("pod-template-hash"));
        });
        startOperator();
    }

    /** {@code helm upgrade} with the values so far plus {@code changes}, for changes that leave the operator's pod as it is. */
    void upgradeRelease(String... changes) {
        values.addAll(List.of(changes));
        cluster.helm(helmArguments("upgrade").toArray(String[]::new));
    }

    /** {@code helm uninstall}, after stopping the operator as the kubelet would when its pod goes. */
    void uninstall() {
        operator.close();
        cluster.helm("uninstall", RELEASE, "--namespace", NAMESPACE, "--wait", "--timeout", "2m");
    }

    /** The operator's pod, as the ReplicaSet controller created it; null while there is none Running. */
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

    /** What the running operator printed so far. */
    String operatorLog() {
        return operator.log();
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

    @Override
    public void close() {
        if (operator != null) {
            operator.close();
        }
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

    private void startOperator() {
        Pod pod = Awaitility.await().atMost(START).until(this::operatorPod, p -> p != null);
        ContainerImage image = ContainerImage.fromDockerfile(cluster.repository(), "operator/Dockerfile");
        operator = PodContainer.start(
                pod,
                "operator",
                image,
                cluster.admin(),
                workDir.resolve("operator-" + runs.incrementAndGet()),
                Map.of());
        int port = pod.getSpec().getContainers().getFirst().getPorts().stream()
                .filter(p -> "health".equals(p.getName()))
                .findFirst()
                .orElseThrow()
                .getContainerPort();
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await()
                .atMost(START)
                .ignoreExceptionsInstanceOf(IOException.class)
                .failFast(() -> {
                    if (!operator.isRunning()) {
                        throw new AssertionError("the operator exited:\n" + operator.log());
                    }
                })
                .until(() -> http.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
        if (!operator.isRunning()) {
            throw new AssertionError("the operator exited:\n" + operator.log());
        }
    }

    private static CustomResourceDefinition readCrd(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
