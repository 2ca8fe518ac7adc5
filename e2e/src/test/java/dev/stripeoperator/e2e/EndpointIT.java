package dev.stripeoperator.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.localcluster.AuditEvent;
import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.localcluster.RealNode;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
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
 * The chart's operator, running as its pod under its ServiceAccount with the chart's ClusterRole, drives endpoints
 * through what platform teams do to them: the examples applied with kubectl (their receivers running on the real node,
 * Ready through their readiness probes against a real PostgreSQL), a rotation, a missing Secret, spec changes that add
 * and remove children, a deletion; and then, at rest, writes nothing.
 */
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith({LocalClusterExtension.class, InstalledChartExtension.class})
class EndpointIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration AT_REST = Duration.ofSeconds(60);
    /** Longer than a backfill Job takes from creation to the operator's status write. */
    private static final Duration JOB_RUN = Duration.ofSeconds(90);

    private static InstalledChart chart;
    private static LocalCluster cluster;
    private static KubernetesClient client;
    private static AppliedManifests manifests;
    private static String jdbcUrl;
    private static RealNode node;

    @BeforeAll
    static void chartInstalled(
            LocalCluster localCluster, InstalledChart installed, NodeServices services, RealNode realNode) {
        node = realNode;
        chart = installed;
        cluster = localCluster;
        client = localCluster.admin();
        manifests = new AppliedManifests(localCluster);
        jdbcUrl = services.jdbcUrl();
    }

    @Test
    @Order(1)
    void theExamplesBecomeReadyInTheirRestrictedNamespace() {
        // As a platform team applies them: through an overlay with this environment's database and API key.
        cluster.kubectl(
                "apply",
                "-k",
                manifests.examplesOverlay(jdbcUrl, NodeServices.STRIPE_API_KEY).toString());

        manifests.awaitEveryReceiver("payments");

        String table = cluster.kubectl("-n", "payments", "get", "swe");
        assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("NAME", "READY", "URL", "PREVIOUS-SECRET-UNTIL", "LAST-RECONCILE", "AGE");
        assertThat(table).containsPattern("billing +True +https://hooks.example.com/webhooks/stripe/payments/billing");
        assertThat(receiverPods("payments")).hasSize(2).allSatisfy(p -> {
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            assertThat(p.getSpec().getNodeName()).as("the real node").isEqualTo(node.name());
            assertThat(p.getStatus().getContainerStatuses())
                    .as("Ready through its own readiness probe")
                    .allSatisfy(status -> assertThat(status.getReady()).isTrue());
            assertThat(p.getMetadata().getLabels())
                    .as("the chart's receiver.pod.labels")
                    .containsEntry("team", "platform");
            assertThat(p.getSpec().getContainers().getFirst().getResources().getLimits())
                    .as("no CPU limit by default")
                    .doesNotContainKey("cpu");
        });
        assertThat(client.v1().events().inNamespace("payments").list().getItems())
                .noneMatch(e -> "FailedCreate".equals(e.getReason()));
        assertThat(client.namespaces().withName("payments").get().getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(chart.operatorLog())
                .as("the operator's pod: started, and no JVM warning about Netty's use of sun.misc.Unsafe")
                .contains("outcome=started")
                .doesNotContain("sun.misc.Unsafe");
    }

    @Test
    @Order(2)
    void kubectlExplainDescribesEveryLevelOfTheSpec() {
        assertThat(cluster.kubectl("explain", "stripewebhookendpoint.spec"))
                .contains("Desired state")
                .contains("signingSecret")
                .contains("database")
                .contains("reconciliation");
        assertThat(cluster.kubectl("explain", "swe.spec.signingSecret.rotationGracePeriod"))
                .contains("DESCRIPTION")
                .contains("replaced signing secret stays valid");
    }

    @Test
    @Order(2)
    void theChartsPodMonitorSelectsExactlyTheReceiverPodsTheOperatorCreated() {
        GenericKubernetesResource monitor = chart.podMonitor();
        assertThat(monitor)
                .as("the chart's PodMonitor, accepted by the Prometheus Operator's CRD")
                .isNotNull();
        assertThat(monitor.<Boolean>get("spec", "namespaceSelector", "any")).isTrue();

        List<Pod> selected = client
                .pods()
                .inAnyNamespace()
                .withLabels(monitor.<Map<String, String>>get("spec", "selector", "matchLabels"))
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();

        assertThat(selected)
                .extracting(p ->
                        p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(receiverPods("payments").stream()
                        .map(p -> "payments/" + p.getMetadata().getName())
                        .toList());
        String port = monitor.<List<Map<String, String>>>get("spec", "podMetricsEndpoints")
                .getFirst()
                .get("port");
        assertThat(selected)
                .allSatisfy(
                        p -> assertThat(p.getSpec().getContainers().getFirst().getPorts())
                                .as("the port the PodMonitor scrapes")
                                .anySatisfy(containerPort ->
                                        assertThat(containerPort.getName()).isEqualTo(port)));
    }

    @Test
    @Order(2)
    void kubectlGetStripeListsTheEndpointsByTheirCategory() {
        String table = cluster.kubectl("get", "stripe", "--all-namespaces");

        assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("NAMESPACE", "NAME", "READY", "URL", "PREVIOUS-SECRET-UNTIL", "LAST-RECONCILE", "AGE");
        // the category also holds replays: when the cluster has some, kubectl names each row with its kind
        assertThat(table)
                .containsPattern(
                        "payments +(stripewebhookendpoint\\.webhooks\\.stripe-operator\\.dev/)?billing +True +https://hooks.example.com/");
    }

    @Test
    @Order(3)
    void aRotationKeepsBothSecretsWithoutReplacingAPod() {
        List<String> podsBefore = receiverPods("payments").stream()
                .map(p -> p.getMetadata().getName())
                .sorted()
                .toList();

        manifests.apply(AppliedManifests.signingSecret("payments", "billing-whsec", "whsec_e2e_rotated_value"));

        Secret signing = await().atMost(WAIT)
                .until(
                        () -> client.secrets()
                                .inNamespace("payments")
                                .withName("billing-signing")
                                .get(),
                        s -> s.getData().containsKey("previous"));
        assertThat(signing.getData()).containsKeys("current", "previous", "previous-expires-at");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(AppliedManifests.get(client, "payments", "billing")
                                .getStatus()
                                .signingSecrets()
                                .previous())
                        .isNotNull());
        assertThat(cluster.kubectl("-n", "payments", "get", "swe", "billing"))
                .containsPattern("billing +True +https://\\S+ +\\d{4}-\\d\\d-\\d\\dT");
        assertThat(receiverPods("payments").stream()
                        .map(p -> p.getMetadata().getName())
                        .sorted()
                        .toList())
                .isEqualTo(podsBefore);
        String previous = AppliedManifests.get(client, "payments", "billing")
                .getStatus()
                .signingSecrets()
                .previous();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(cluster.kubectl("-n", "payments", "describe", "swe", "billing"))
                        .containsPattern("Normal +RotationStarted +.*stripe-webhook-operator")
                        .contains(previous)
                        .doesNotContain("whsec_e2e_rotated_value"));
    }

    @Test
    @Order(4)
    void aMissingSecretIsNamedAndTheEndpointHealsWhenItArrives() {
        String ns = "e2e-late";
        manifests.namespaceWithSecrets(ns, null, jdbcUrl, "rk_test_e2e");
        manifests.apply(AppliedManifests.endpoint(ns, ""));

        await().atMost(WAIT).untilAsserted(() -> {
            EndpointCondition secrets = condition(ns, "SecretsReady");
            assertThat(secrets.getReason()).isEqualTo("SecretNotFound");
            assertThat(secrets.getMessage()).contains(ns + "/billing-whsec");
        });
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("billing-stripe-receiver")
                        .get())
                .isNull();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(cluster.kubectl("-n", ns, "describe", "swe", "billing"))
                        .containsPattern("Warning +SecretNotFound +.*" + ns + "/billing-whsec"));

        manifests.apply(AppliedManifests.signingSecret(ns, "billing-whsec", "whsec_e2e_late_value"));

        cluster.kubectl("-n", ns, "wait", "--for=condition=Ready", "--timeout=120s", "stripewebhookendpoint/billing");
        String described = cluster.kubectl("-n", ns, "describe", "swe", "billing");
        assertThat(described).containsPattern("Normal +SecretsFound").doesNotContain("whsec_e2e_late_value");
        assertThat(described
                        .lines()
                        .filter(line -> line.contains("SecretNotFound") && line.contains("Warning"))
                        .count())
                .as("one Event while the Secret was missing, however often the operator reconciled")
                .isEqualTo(1);
    }

    @Test
    @Order(5)
    void specChangesAddAndRemoveTheChildrenTheyNeed() {
        String ns = "e2e-spec";
        manifests.namespaceWithSecrets(ns, "whsec_e2e_spec_value", jdbcUrl, "rk_test_e2e");
        manifests.apply(AppliedManifests.endpoint(ns, """
                reconciliation: { schedule: "0 0 1 2 *", apiKeySecretRef: { name: stripe-readonly-key, key: key } }
                receiver: { replicas: 2 }
                exposure:
                  ingress: { host: hooks.example.org, tls: { secretName: hooks-tls } }
                """));
        cluster.kubectl("-n", ns, "wait", "--for=condition=Ready", "--timeout=120s", "stripewebhookendpoint/billing");
        assertThat(names(ns))
                .contains(
                        "CronJob/billing-stripe-reconcile",
                        "Ingress/billing-stripe-receiver",
                        "PodDisruptionBudget/billing-stripe-receiver");
        assertThat(receiversPolicy(ns))
                .as("the namespace's receivers' NetworkPolicy")
                .isNotNull();

        manifests.apply(AppliedManifests.endpoint(ns, """
                reconciliation: { schedule: "0 0 1 2 *", apiKeySecretRef: { name: stripe-readonly-key, key: key } }
                receiver: { replicas: 2 }
                exposure:
                  httpRoute: { parentRefs: [ { name: public, namespace: gateways } ], hostnames: [ hooks.example.org ] }
                """));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(names(ns))
                        .contains("HTTPRoute/billing-stripe-receiver")
                        .doesNotContain("Ingress/billing-stripe-receiver"));

        manifests.apply(AppliedManifests.endpoint(ns, """
                receiver: { autoscaling: { minReplicas: 2, maxReplicas: 4 } }
                """));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(names(ns))
                        .contains(
                                "HorizontalPodAutoscaler/billing-stripe-receiver",
                                "PodDisruptionBudget/billing-stripe-receiver")
                        .doesNotContain("CronJob/billing-stripe-reconcile", "HTTPRoute/billing-stripe-receiver"));

        manifests.apply(AppliedManifests.endpoint(ns, """
                receiver: { replicas: 1 }
                """));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(names(ns))
                        .doesNotContain(
                                "HorizontalPodAutoscaler/billing-stripe-receiver",
                                "PodDisruptionBudget/billing-stripe-receiver")
                        .contains("Deployment/billing-stripe-receiver", "Service/billing-stripe-receiver"));
        cluster.kubectl("-n", ns, "wait", "--for=condition=Ready", "--timeout=120s", "stripewebhookendpoint/billing");
    }

    @Test
    @Order(6)
    void deletingAnEndpointLetsTheGarbageCollectorRemoveEveryChild() {
        String ns = "e2e-spec";
        assertThat(AppliedManifests.children(client, ns, "billing")).isNotEmpty();

        cluster.kubectl("-n", ns, "delete", "stripewebhookendpoint", "billing", "--wait=true");

        await().atMost(WAIT).untilAsserted(() -> assertThat(names(ns)).isEmpty());
        // The namespace's last endpoint took the receivers' NetworkPolicy along, which belongs to no endpoint.
        assertThat(receiversPolicy(ns)).isEmpty();
    }

    @Test
    @Order(7)
    void atRestTheOperatorWritesNothingForAMinute() throws InterruptedException {
        await().atMost(WAIT)
                .until(() -> client.resources(StripeWebhookEndpoint.class).inAnyNamespace().list().getItems().stream()
                        .allMatch(e -> e.getStatus() != null
                                && e.getMetadata()
                                        .getGeneration()
                                        .equals(e.getStatus().observedGeneration())
                                && e.getStatus()
                                        .condition("Ready")
                                        .map(c -> "True".equals(c.getStatus()))
                                        .orElse(false)));

        List<AuditEvent> writes = operatorWritesAtRest();

        assertThat(writes)
                .as("writes of the operator during %s at rest", AT_REST)
                .isEmpty();

        // the silence is not a dead operator: a change still gets its answer
        Instant changed = Instant.now();
        manifests.apply(AppliedManifests.signingSecret("e2e-late", "billing-whsec", "whsec_e2e_late_rotated"));
        await().atMost(WAIT)
                .until(() -> !cluster.auditLog()
                        .events(e -> e.user().equals(InstalledChart.OPERATOR_USER)
                                && e.isWrite()
                                && e.time().isAfter(changed))
                        .isEmpty());
    }

    /**
     * The operator's writes during {@link #AT_REST}. The examples' backfill CronJob really runs at its schedule and its
     * result is rightly written to the status; a minute in which a Job started is not at rest, so it is measured again
     * (the schedule fires hours apart).
     */
    private static List<AuditEvent> operatorWritesAtRest() throws InterruptedException {
        for (int minute = 1; ; minute++) {
            Instant from = Instant.now();
            Thread.sleep(AT_REST);
            if (minute < 4 && jobCreatedAfter(from.minus(JOB_RUN))) {
                continue;
            }
            return cluster.auditLog()
                    .events(e -> e.user().equals(InstalledChart.OPERATOR_USER)
                            && e.isWrite()
                            && e.time().isAfter(from)
                            && !isLeaseRenewal(e));
        }
    }

    private static boolean jobCreatedAfter(Instant instant) {
        return client.batch().v1().jobs().inAnyNamespace().list().getItems().stream()
                .anyMatch(job ->
                        Instant.parse(job.getMetadata().getCreationTimestamp()).isAfter(instant));
    }

    /** The leader renews its Lease every few seconds, at rest too: the one write that is no reconciliation. */
    private static boolean isLeaseRenewal(AuditEvent event) {
        return event.resource().equals("leases")
                && event.verb().equals("patch")
                && event.name().equals(InstalledChart.LEASE);
    }

    private static List<Pod> receiverPods(String ns) {
        return client
                .pods()
                .inNamespace(ns)
                .withLabel("app.kubernetes.io/component", "receiver")
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    /** The namespace's receivers' NetworkPolicy as kubectl names it, or empty when there is none. */
    private static String receiversPolicy(String ns) {
        return cluster.kubectl(
                        "-n",
                        ns,
                        "get",
                        "networkpolicy",
                        "stripe-webhook-receivers",
                        "--ignore-not-found",
                        "-o",
                        "name")
                .strip();
    }

    private static List<String> names(String ns) {
        List<HasMetadata> children = new java.util.ArrayList<>(AppliedManifests.children(client, ns, "billing"));
        children.addAll(client.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute")
                .inNamespace(ns)
                .withLabel("app.kubernetes.io/instance", "billing")
                .list()
                .getItems());
        return children.stream()
                .map(c -> c.getKind() + "/" + c.getMetadata().getName())
                .toList();
    }

    private static EndpointCondition condition(String ns, String type) {
        StripeWebhookEndpoint endpoint = AppliedManifests.get(client, ns, "billing");
        assertThat(endpoint.getStatus()).as("status of %s/billing", ns).isNotNull();
        return endpoint.getStatus().condition(type).orElseThrow();
    }
}
