package dev.stripeoperator.operator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.stripeoperator.localcluster.AuditEvent;
import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.status.EndpointMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The operator, running in this JVM with server-side apply, against the local control plane: the generated CRD
 * applied, and namespaces of its own that enforce the {@code restricted} Pod Security level, which it alone watches,
 * so that test classes sharing the cluster never see each other's endpoints.
 */
final class OperatorEnvironment implements AutoCloseable {

    /** The operator runs as this ServiceAccount (bound to cluster-admin), so the audit log tells its requests apart. */
    static final String OPERATOR_NAMESPACE = "kube-system";

    static final String OPERATOR_ACCOUNT = "operator-under-test";
    /** The user the audit log records for the operator's requests. */
    static final String OPERATOR_USER = "system:serviceaccount:" + OPERATOR_NAMESPACE + ":" + OPERATOR_ACCOUNT;

    final KubernetesClient client;
    /** Reads of endpoints and their children, with {@link #client}. */
    final EndpointReads reads;

    final Operator operator;
    final LocalCluster cluster;
    /** The operator's meters, with the per-endpoint gauges once {@link #endpointMetrics} refreshed them. */
    final MeterRegistry meters;

    final EndpointMetrics endpointMetrics;
    private final KubernetesClient operatorClient;
    private final List<String> namespaces;
    private final List<HasMetadata> preinstalled;
    private final Iterator<String> unused;

    private OperatorEnvironment(
            LocalCluster cluster,
            KubernetesClient operatorClient,
            Operator operator,
            MeterRegistry meters,
            EndpointMetrics endpointMetrics,
            List<String> namespaces,
            List<HasMetadata> preinstalled) {
        this.cluster = cluster;
        this.meters = meters;
        this.endpointMetrics = endpointMetrics;
        this.client = cluster.admin();
        this.reads = new EndpointReads(client);
        this.operatorClient = operatorClient;
        this.operator = operator;
        this.namespaces = namespaces;
        this.preinstalled = preinstalled;
        this.unused = namespaces.iterator();
    }

    /**
     * Applies the CRD and {@code preinstalled} objects (other CRDs, say), creates {@code count} namespaces named
     * {@code prefix-1…} and starts an operator watching them with the given extra environment.
     */
    static OperatorEnvironment start(
            LocalCluster cluster,
            String prefix,
            int count,
            Clock clock,
            Map<String, String> env,
            List<HasMetadata> preinstalled) {
        KubernetesClient client = cluster.admin();
        loadCrds().forEach(crd -> installCrd(client, crd));
        preinstalled.forEach(object -> {
            client.resource(object).forceConflicts().serverSideApply();
            if (object instanceof CustomResourceDefinition crd) {
                awaitEstablished(client, crd.getMetadata().getName());
            }
        });
        List<String> namespaces =
                IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "-" + i).toList();
        namespaces.forEach(
                ns -> client.resource(restrictedNamespace(ns)).forceConflicts().serverSideApply());

        Map<String, String> settings = new HashMap<>(env);
        settings.putIfAbsent("WATCH_NAMESPACES", String.join(",", namespaces));
        OperatorConfig config = OperatorConfig.fromEnvironment(settings, "test");
        KubernetesClient operatorClient = new KubernetesClientBuilder()
                .withConfig(
                        cluster.serviceAccountConfig(OPERATOR_NAMESPACE, operatorAccount(client), Duration.ofHours(2)))
                .build();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EndpointMetrics endpointMetrics = new EndpointMetrics(meters);
        Operator operator = StripeWebhookOperator.create(operatorClient, config, clock, meters, endpointMetrics);
        operator.start();
        return new OperatorEnvironment(
                cluster, operatorClient, operator, meters, endpointMetrics, namespaces, preinstalled);
    }

    static OperatorEnvironment start(LocalCluster cluster, String prefix, int count, Clock clock) {
        return start(cluster, prefix, count, clock, Map.of(), List.of());
    }

    /** The operator's ServiceAccount, bound to cluster-admin: these tests are about the operator, e2e about its RBAC. */
    private static String operatorAccount(KubernetesClient client) {
        clusterAdminAccount(client, OPERATOR_NAMESPACE, OPERATOR_ACCOUNT);
        return OPERATOR_ACCOUNT;
    }

    /** Applies ServiceAccount {@code namespace/account} and binds it to cluster-admin (a binding named after it). */
    static void clusterAdminAccount(KubernetesClient client, String namespace, String account) {
        client.resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withNamespace(namespace)
                        .withName(account)
                        .endMetadata()
                        .build())
                .forceConflicts()
                .serverSideApply();
        client.resource(new ClusterRoleBindingBuilder()
                        .withNewMetadata()
                        .withName(account)
                        .endMetadata()
                        .withNewRoleRef()
                        .withApiGroup("rbac.authorization.k8s.io")
                        .withKind("ClusterRole")
                        .withName("cluster-admin")
                        .endRoleRef()
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withNamespace(namespace)
                        .withName(account)
                        .endSubject()
                        .build())
                .forceConflicts()
                .serverSideApply();
    }

    /** The operator's requests the API server recorded. */
    List<AuditEvent> operatorRequests() {
        return cluster.auditLog().events(e -> e.user().equals(OPERATOR_USER));
    }

    /** The next of this environment's namespaces that no test has used yet. */
    synchronized String namespace() {
        if (!unused.hasNext()) {
            throw new IllegalStateException("all " + namespaces.size() + " namespaces are used; start with more");
        }
        return unused.next();
    }

    /** A namespace that enforces the restricted Pod Security level, as the README asks of endpoint namespaces. */
    static HasMetadata restrictedNamespace(String name) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("pod-security.kubernetes.io/warn", "restricted")
                .endMetadata()
                .build();
    }

    /** Applies the CRD with server-side apply and waits until the API server serves it. */
    static void installCrd(KubernetesClient client, CustomResourceDefinition crd) {
        client.resource(crd).forceConflicts().serverSideApply();
        awaitEstablished(client, crd.getMetadata().getName());
    }

    private static void awaitEstablished(KubernetesClient client, String name) {
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(name)
                .waitUntilCondition(
                        // A CRD just created has a status without conditions for a moment.
                        crd -> crd != null
                                && crd.getStatus() != null
                                && crd.getStatus().getConditions() != null
                                && crd.getStatus().getConditions().stream()
                                        .anyMatch(c -> c.getType().equals("Established")
                                                && c.getStatus().equals("True")),
                        60,
                        TimeUnit.SECONDS);
    }

    /** The endpoint CRD as users install it: the committed copy, which {@link CrdDriftTest} keeps equal to the model. */
    static CustomResourceDefinition loadCrd() {
        return CommittedCrd.ENDPOINT.load(committedCrds());
    }

    /** The schema of the endpoint's {@code spec.<field>} in the committed CRD. */
    static JSONSchemaProps specField(String field) {
        return loadCrd()
                .getSpec()
                .getVersions()
                .getFirst()
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec")
                .getProperties()
                .get(field);
    }

    /** Every CRD as users install them, from {@code crds/}. */
    static List<CustomResourceDefinition> loadCrds() {
        return CommittedCrd.ALL.stream().map(crd -> crd.load(committedCrds())).toList();
    }

    private static Path committedCrds() {
        return Path.of(System.getProperty("crd.committed", "../crds"));
    }

    /**
     * Deletes the endpoints while the operator runs, stops it and deletes the namespaces with everything in them, without waiting for it, and the
     * preinstalled objects, waiting until they are gone: a CRD left behind would change what the next test class's
     * operator finds installed.
     */
    @Override
    public void close() {
        // Endpoints carry the operator's finalizer: deleted while it still runs, they do not hold their namespace.
        namespaces.forEach(ns ->
                client.resources(StripeWebhookEndpoint.class).inNamespace(ns).delete());
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> namespaces.stream()
                        .allMatch(ns -> client.resources(StripeWebhookEndpoint.class)
                                .inNamespace(ns)
                                .list()
                                .getItems()
                                .isEmpty()));
        operator.stop();
        operatorClient.close();
        namespaces.forEach(ns -> client.namespaces().withName(ns).delete());
        for (HasMetadata object : preinstalled) {
            client.resource(object).delete();
            client.resource(object).waitUntilCondition(java.util.Objects::isNull, 60, TimeUnit.SECONDS);
        }
    }
}
