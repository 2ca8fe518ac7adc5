package dev.stripeoperator.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.localcluster.RealNode;
import dev.stripeoperator.operator.endpoint.LastReconciliation;
import dev.stripeoperator.receiver.backfill.StripeEventJson;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestEvents;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
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
 * The pods the operator makes, run by the real node's kubelet in containers of the images {@code make images} builds:
 * the receivers answer Stripe's signed deliveries through their Service and store each event once, run as their pod
 * spec says (user, fsGroup on the Secret volume, read-only root), and a backfill run started from the CronJob runs
 * {@code reconcile} in a pod whose termination message reaches the endpoint's status.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith({LocalClusterExtension.class, InstalledChartExtension.class})
class ReceiverPodsIT {

    private static final String NAMESPACE = "e2e-pods";
    private static final String WHSEC = "whsec_e2e_pods_signing_secret";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Pattern ACCEPTED =
            Pattern.compile("(?m)^stripe_webhook_deliveries_total\\{[^}]*outcome=\"accepted\"[^}]*} (\\d+)");

    private static LocalCluster cluster;
    private static KubernetesClient client;
    private static RealNode node;
    private static NodeServices services;
    private static InstalledChart chart;
    private static Deliveries deliveries;

    @BeforeAll
    static void anEndpointOnTheRealNode(
            LocalCluster localCluster, InstalledChart installed, NodeServices nodeServices, RealNode realNode) {
        cluster = localCluster;
        client = localCluster.admin();
        node = realNode;
        services = nodeServices;
        chart = installed;
        AppliedManifests manifests = new AppliedManifests(cluster);
        // Yearly, so that the CronJob never starts a run by itself during the test; the test starts one.
        manifests.readyEndpoint(NAMESPACE, WHSEC, services.jdbcUrl(), """
                reconciliation: { schedule: "0 0 1 1 *", lookback: 2h, apiKeySecretRef: { name: stripe-readonly-key, key: key } }
                """);
        deliveries = new Deliveries(AppliedManifests.serviceUrl(client, NAMESPACE, "billing"), WHSEC);
    }

    @Test
    @Order(1)
    void signedDeliveriesThroughTheServiceAreAcknowledgedAfterTheyAreStoredAndOnlyOnce() throws Exception {
        String id = TestEvents.newId();
        String payload = TestEvents.event(id, "invoice.paid");

        HttpResponse<String> first = deliveries.send(payload, StripeSigner.sign(payload, WHSEC));
        HttpResponse<String> again = deliveries.send(payload, StripeSigner.sign(payload, WHSEC));
        HttpResponse<String> forged = deliveries.send(payload, StripeSigner.sign(payload, "whsec_not_the_secret"));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("\"duplicate\":false");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("\"duplicate\":true");
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
        assertThat(services.database().count(id)).isEqualTo(1);
    }

    @Test
    @Order(2)
    void prometheusFindsEachReceiversMetricsWhereTheChartsPodMonitorSays() throws Exception {
        GenericKubernetesResource monitor = chart.podMonitor();
        Map<String, String> scrape = monitor.<List<Map<String, String>>>get("spec", "podMetricsEndpoints")
                .getFirst();
        List<Pod> pods = AppliedManifests.receiverPods(client, NAMESPACE, "billing");
        HttpClient http = HttpClient.newHttpClient();
        long accepted = 0;

        for (Pod pod : pods) {
            assertThat(pod.getMetadata().getLabels())
                    .containsAllEntriesOf(monitor.<Map<String, String>>get("spec", "selector", "matchLabels"));
            int port = pod.getSpec().getContainers().getFirst().getPorts().stream()
                    .filter(p -> p.getName().equals(scrape.get("port")))
                    .findFirst()
                    .orElseThrow()
                    .getContainerPort();
            HttpResponse<String> metrics = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://" + pod.getStatus().getPodIP() + ":" + port + scrape.get("path")))
                            .header("Accept", "text/plain")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            Matcher count = ACCEPTED.matcher(metrics.body());
            while (count.find()) {
                accepted += Long.parseLong(count.group(1));
            }
        }

        assertThat(accepted)
                .as("the one event accepted before, counted by the pod the Service sent it to")
                .isEqualTo(1);
    }

    @Test
    @Order(3)
    void theReceiverContainersRunAsTheirPodSaysWithTheirSecretVolumeReadableToTheirGroupOnly() throws IOException {
        for (Pod pod : AppliedManifests.receiverPods(client, NAMESPACE, "billing")) {
            long pid = node.pid(RealNode.containerId(pod, "receiver"));
            Path proc = Path.of("/proc", Long.toString(pid));

            assertThat(Files.readString(proc.resolve("status")))
                    .containsPattern("(?m)^Uid:\\s+10001\\s+10001\\s+10001\\s+10001$")
                    .containsPattern("(?m)^Gid:\\s+10001\\s+10001\\s+10001\\s+10001$")
                    .containsPattern("(?m)^Groups:\\s+10001\\s*$")
                    .containsPattern("(?m)^CapEff:\\s+0+$");
            assertThat(Files.readAllLines(proc.resolve("mountinfo")))
                    .as("the container's root is mounted read-only")
                    .anySatisfy(line -> assertThat(line).matches("\\S+ \\S+ \\S+ \\S+ / (ro|ro,.*) .*"));
            Path current = proc.resolve("root" + ReceiverImage.SIGNING_SECRETS_DIR + "/current");
            assertThat(Files.readString(current)).isEqualTo(WHSEC);
            assertThat(Files.getAttribute(current, "unix:gid"))
                    .as("group-owned by the fsGroup")
                    .isEqualTo(10001);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(current)))
                    .isEqualTo("r--r-----");
        }
    }

    @Test
    @Order(4)
    void withoutItsFsGroupTheSameContainerCannotReadItsSigningSecretAndSaysWhy() {
        PodTemplateSpec template = client.apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName("billing-stripe-receiver")
                .get()
                .getSpec()
                .getTemplate();
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName("receiver-without-fsgroup")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withSpec(template.getSpec())
                .editSpec()
                .withRestartPolicy("Never")
                .editSecurityContext()
                .withFsGroup(null)
                .endSecurityContext()
                .endSpec()
                .build();

        client.pods().resource(pod).create();

        Pod ended = await().atMost(WAIT)
                .until(
                        () -> client.pods()
                                .inNamespace(NAMESPACE)
                                .withName("receiver-without-fsgroup")
                                .get(),
                        p -> "Failed".equals(p.getStatus().getPhase()));
        String log = cluster.kubectl("-n", NAMESPACE, "logs", "receiver-without-fsgroup");
        assertThat(ended.getStatus()
                        .getContainerStatuses()
                        .getFirst()
                        .getState()
                        .getTerminated()
                        .getExitCode())
                .as(log)
                .isNotZero();
        assertThat(log)
                .contains(ReceiverImage.SIGNING_SECRETS_DIR)
                .contains("permission denied")
                .contains("fsGroup");
        client.pods().resource(ended).delete();
    }

    @Test
    @Order(5)
    void aBackfillRunFromTheCronJobRunsInAPodAndTheKubeletBringsItsSummaryToTheStatus() {
        String id = TestEvents.newId();
        services.stripe()
                .add(StripeEventJson.event(id, "invoice.paid", Instant.now().minusSeconds(600), false));

        cluster.kubectl("-n", NAMESPACE, "create", "job", "e2e-run", "--from=cronjob/billing-stripe-reconcile");
        cluster.kubectl("-n", NAMESPACE, "wait", "--for=condition=complete", "--timeout=180s", "job/e2e-run");

        Pod run = client.pods()
                .inNamespace(NAMESPACE)
                .withLabel("batch.kubernetes.io/job-name", "e2e-run")
                .list()
                .getItems()
                .getFirst();
        ContainerStateTerminated terminated =
                run.getStatus().getContainerStatuses().getFirst().getState().getTerminated();
        assertThat(terminated.getExitCode()).isZero();
        assertThat(terminated.getMessage())
                .as("the termination message the kubelet read from the container")
                .contains("\"outcome\":\"Succeeded\"")
                .contains("\"recovered\":1");
        assertThat(services.database().count(id)).isEqualTo(1);
        LastReconciliation last = await().atMost(WAIT)
                .until(
                        () -> AppliedManifests.get(client, NAMESPACE, "billing")
                                .getStatus()
                                .lastReconciliation(),
                        l -> l != null && l.recovered() != null);
        assertThat(last.recovered()).isEqualTo(1L);
        assertThat(last.outcome()).isEqualTo("Succeeded");
    }
}
