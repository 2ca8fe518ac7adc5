package dev.stripeoperator.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.operator.endpoint.LastReconciliation;
import dev.stripeoperator.receiver.backfill.StripeEventJson;
import dev.stripeoperator.receiver.backfill.StripeEventsApi;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pods that the control plane created for an endpoint (the ReplicaSet controller the receiver's, the Job controller
 * a reconcile run's), run the way the kubelet runs them: as the image's user with the pod's fsGroup, Secret volumes
 * root-owned with their mode, secretKeyRef values resolved, a read-only root. They start and do their work.
 */
@Order(2)
@ExtendWith({LocalClusterExtension.class, InstalledChartExtension.class})
class PodAsSpecIT {

    private static final String NAMESPACE = "e2e-pods";
    private static final String WHSEC = "whsec_e2e_pods_signing_secret";
    private static final String API_KEY = "rk_test_e2e_pods_events_read";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static InstalledChart chart;
    private static LocalCluster cluster;
    private static KubernetesClient client;
    private static TestDatabase database;
    private static StripeEventsApi stripe;
    private static ContainerImage receiverImage;

    @BeforeAll
    static void endpointWithARealDatabase(LocalCluster localCluster, InstalledChart installed) throws IOException {
        chart = installed;
        cluster = localCluster;
        client = localCluster.admin();
        database = TestDatabase.start();
        stripe = StripeEventsApi.start(API_KEY);
        receiverImage = ContainerImage.fromDockerfile(cluster.repository(), "receiver/Dockerfile");
        AppliedManifests manifests = new AppliedManifests(cluster);
        manifests.namespaceWithSecrets(NAMESPACE, WHSEC, database.jdbcUrl(), API_KEY);
        // Yearly, so that the CronJob never starts a run by itself during the test; the test starts one.
        manifests.apply(AppliedManifests.endpoint(NAMESPACE, """
                reconciliation: { schedule: "0 0 1 1 *", lookback: 2h, apiKeySecretRef: { name: stripe-readonly-key, key: key } }
                """));
        cluster.kubectl(
                "-n", NAMESPACE, "wait", "--for=condition=Ready", "--timeout=120s", "stripewebhookendpoint/billing");
    }

    @AfterAll
    static void stop() {
        stripe.close();
        database.close();
    }

    @Test
    void theReceiverPodStartsAsItsSpecSaysAndAcknowledgesASignedDelivery() throws Exception {
        Pod pod = receiverPod();

        try (PodContainer receiver =
                PodContainer.start(pod, "receiver", receiverImage, client, workDir("receiver"), Map.of())) {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(WAIT)
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .failFast(() ->
                            assertThat(receiver.isRunning()).as(receiver.log()).isTrue())
                    .until(() -> http.send(
                                            HttpRequest.newBuilder(
                                                            URI.create("http://127.0.0.1:8080/observe/health/ready"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200);

            String id = TestEvents.newId();
            String payload = TestEvents.event(id, "invoice.paid");
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/webhooks/stripe"))
                            .header("Content-Type", "application/json")
                            .header("Stripe-Signature", StripeSigner.sign(payload, WHSEC))
                            .POST(HttpRequest.BodyPublishers.ofString(payload))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"duplicate\":false");
            assertThat(database.count(id)).isEqualTo(1);
            // Prometheus finds the receiver's metrics where the chart's PodMonitor says: the pod, its port, the path.
            GenericKubernetesResource monitor = chart.podMonitor();
            assertThat(pod.getMetadata().getLabels())
                    .containsAllEntriesOf(monitor.<Map<String, String>>get("spec", "selector", "matchLabels"));
            Map<String, String> scrape = monitor.<List<Map<String, String>>>get("spec", "podMetricsEndpoints")
                    .getFirst();
            int port = pod.getSpec().getContainers().getFirst().getPorts().stream()
                    .filter(p -> p.getName().equals(scrape.get("port")))
                    .findFirst()
                    .orElseThrow()
                    .getContainerPort();
            HttpResponse<String> metrics = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + scrape.get("path")))
                            .header("Accept", "text/plain")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .containsPattern("stripe_webhook_deliveries_total\\{[^}]*outcome=\"accepted\"[^}]*} 1");
            String status = Files.readString(Path.of("/proc", Long.toString(receiver.pid()), "status"));
            assertThat(status)
                    .containsPattern("(?m)^Uid:\\s+10001\\s+10001\\s+10001\\s+10001$")
                    .containsPattern("(?m)^Gid:\\s+10001\\s+10001\\s+10001\\s+10001$")
                    .containsPattern("(?m)^Groups:\\s+10001\\s*$");
            assertThat(Files.readAllLines(Path.of("/proc", Long.toString(receiver.pid()), "mountinfo")))
                    .as("the container's root is mounted read-only")
                    .anySatisfy(line -> assertThat(line).matches("\\S+ \\S+ \\S+ \\S+ / (ro|ro,.*) .*"));
        }
    }

    @Test
    void withoutTheFsGroupTheSameContainerCannotReadItsSigningSecretsAndStops() {
        Pod pod = new PodBuilder(receiverPod())
                .editSpec()
                .editSecurityContext()
                .withFsGroup(null)
                .endSecurityContext()
                .endSpec()
                .build();

        try (PodContainer receiver =
                PodContainer.start(pod, "receiver", receiverImage, client, workDir("no-fsgroup"), Map.of())) {
            int exit = receiver.awaitExit(WAIT);

            assertThat(exit).as(receiver.log()).isNotZero();
            assertThat(receiver.log())
                    .contains("/etc/stripe/signing")
                    .contains("permission denied")
                    .contains("fsGroup");
        }
    }

    @Test
    void aReconcileRunFromTheCronJobRunsAsItsPodSaysAndItsSummaryReachesTheStatus() {
        String id = TestEvents.newId();
        stripe.add(StripeEventJson.event(id, "invoice.paid", Instant.now().minusSeconds(600), false));
        cluster.kubectl("-n", NAMESPACE, "create", "job", "e2e-run", "--from=cronjob/billing-stripe-reconcile");
        // kwok plays the kubelet's part in the pod's lifecycle; the container itself runs here.
        Pod pod = await().atMost(WAIT)
                .until(
                        () -> client
                                .pods()
                                .inNamespace(NAMESPACE)
                                .withLabel("batch.kubernetes.io/job-name", "e2e-run")
                                .list()
                                .getItems()
                                .stream()
                                .filter(p -> "Succeeded".equals(p.getStatus().getPhase()))
                                .findFirst()
                                .orElse(null),
                        p -> p != null);

        String message;
        try (PodContainer run = PodContainer.start(
                pod,
                "reconcile",
                receiverImage,
                client,
                workDir("reconcile"),
                Map.of("STRIPE_API_BASE", stripe.baseUrl()))) {
            assertThat(run.awaitExit(WAIT)).as(run.log()).isZero();
            message = run.terminationMessage();
        }
        assertThat(message).contains("\"outcome\":\"Succeeded\"").contains("\"recovered\":1");
        assertThat(database.count(id)).isEqualTo(1);

        // what the kubelet does with the termination message: it copies it into the container's status
        client.pods()
                .inNamespace(NAMESPACE)
                .withName(pod.getMetadata().getName())
                .editStatus(p -> {
                    var terminated = p.getStatus()
                            .getContainerStatuses()
                            .getFirst()
                            .getState()
                            .getTerminated();
                    terminated.setMessage(message);
                    terminated.setFinishedAt(Instant.now().toString());
                    return p;
                });

        // Until the message arrives, the operator may show the run from its exit code alone (no counts).
        LastReconciliation last = await().atMost(WAIT)
                .until(
                        () -> AppliedManifests.get(client, NAMESPACE, "billing")
                                .getStatus()
                                .lastReconciliation(),
                        l -> l != null && l.recovered() != null);
        assertThat(last.recovered()).isEqualTo(1L);
        assertThat(last.outcome()).isEqualTo("Succeeded");
        assertThat(client.v1().events().inNamespace(NAMESPACE).list().getItems())
                .noneMatch(e -> "FailedCreate".equals(e.getReason()));
    }

    private static Pod receiverPod() {
        List<Pod> pods = await().atMost(WAIT)
                .until(
                        () -> client
                                .pods()
                                .inNamespace(NAMESPACE)
                                .withLabel("app.kubernetes.io/component", "receiver")
                                .list()
                                .getItems()
                                .stream()
                                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                                .toList(),
                        list -> !list.isEmpty());
        return pods.getFirst();
    }

    private static Path workDir(String name) {
        return Path.of("target/e2e/pods").resolve(name + "-" + System.nanoTime());
    }
}
