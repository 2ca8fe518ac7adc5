package dev.stripeoperator.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.localcluster.RealNode;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
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
 * Receivers on the real node under a steady stream of signed deliveries through their Service: they stay inside the
 * memory limit the operator sets, a killed container is restarted by the kubelet, and a rolling update answers every
 * request; through all of it, nothing acknowledged is lost.
 */
@Order(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith({LocalClusterExtension.class, InstalledChartExtension.class})
class ReceiverResilienceIT {

    private static final String NAMESPACE = "e2e-resilience";
    private static final String WHSEC = "whsec_e2e_resilience";
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final int SENDERS = 16;

    private static LocalCluster cluster;
    private static KubernetesClient client;
    private static RealNode node;
    private static NodeServices services;
    private static AppliedManifests manifests;
    private static Deliveries deliveries;

    @BeforeAll
    static void anEndpointWithTwoReceivers(
            LocalCluster localCluster, NodeServices nodeServices, RealNode realNode, InstalledChart chart) {
        cluster = localCluster;
        client = localCluster.admin();
        node = realNode;
        services = nodeServices;
        manifests = new AppliedManifests(cluster);
        manifests.readyEndpoint(NAMESPACE, WHSEC, services.jdbcUrl(), "receiver: { replicas: 2 }");
        deliveries = new Deliveries(AppliedManifests.serviceUrl(client, NAMESPACE, "billing"), WHSEC);
    }

    @Test
    @Order(1)
    void underLoadEveryReceiverStaysInsideTheMemoryLimitTheOperatorSets() throws Exception {
        try (Deliveries.Load load = deliveries.startLoad(SENDERS)) {
            Thread.sleep(Duration.ofSeconds(60));
            load.stop();

            assertThat(load.failures()).as("requests without an answer").isEmpty();
            assertThat(load.statuses().keySet()).containsExactly(200);
            assertThat(services.database().stored(load.acknowledged()))
                    .isEqualTo(load.acknowledged().size());
            for (Pod pod : AppliedManifests.receiverPods(client, NAMESPACE, "billing")) {
                String container = RealNode.containerId(pod, "receiver");
                long peak = node.memoryPeakBytes(container);
                long limit = node.memoryLimitBytes(container);
                Quantity declared = pod.getSpec()
                        .getContainers()
                        .getFirst()
                        .getResources()
                        .getLimits()
                        .get("memory");
                System.err.printf(
                        "memory: %s peaked at %d MiB of its %d MiB limit (%.0f%%) after %d deliveries to both pods%n",
                        pod.getMetadata().getName(), peak >> 20, limit >> 20, 100.0 * peak / limit, load.answered());
                assertThat(limit)
                        .as("the limit the kubelet set is the pod's")
                        .isEqualTo(declared.getNumericalAmount().longValueExact());
                assertThat(peak).isLessThan(limit);
                assertThat(pod.getStatus().getContainerStatuses().getFirst().getRestartCount())
                        .as("never OOMKilled or restarted")
                        .isZero();
            }
        }
    }

    @Test
    @Order(2)
    void aKilledReceiverIsRestartedByTheKubeletAndNothingAcknowledgedIsLost() throws Exception {
        Pod victim = AppliedManifests.receiverPods(client, NAMESPACE, "billing").getFirst();
        String name = victim.getMetadata().getName();

        try (Deliveries.Load load = deliveries.startLoad(SENDERS / 2)) {
            Thread.sleep(Duration.ofSeconds(5));
            node.kill(RealNode.containerId(victim, "receiver"));

            ContainerStatus restarted = await().atMost(WAIT)
                    .until(
                            () -> client.pods()
                                    .inNamespace(NAMESPACE)
                                    .withName(name)
                                    .get()
                                    .getStatus()
                                    .getContainerStatuses()
                                    .getFirst(),
                            s -> s.getRestartCount() == 1 && Boolean.TRUE.equals(s.getReady()));
            Thread.sleep(Duration.ofSeconds(5));
            load.stop();

            ContainerStateTerminated last = restarted.getLastState().getTerminated();
            assertThat(last.getExitCode()).as("killed by SIGKILL").isEqualTo(137);
            assertThat(load.statuses().keySet()).isSubsetOf(200, 503);
            assertThat(services.database().stored(load.acknowledged()))
                    .as("every acknowledged event stored, whatever the killed process had in flight")
                    .isEqualTo(load.acknowledged().size());
        }
    }

    @Test
    @Order(3)
    void aRollingUpdateUnderLoadAnswersEveryRequestAndLosesNothing() throws Exception {
        Set<String> before = names(AppliedManifests.receiverPods(client, NAMESPACE, "billing"));

        try (Deliveries.Load load = deliveries.startLoad(SENDERS / 2)) {
            Thread.sleep(Duration.ofSeconds(5));
            // A change of the pod template, as a new image or setting would make: the Deployment rolls its pods.
            manifests.apply(AppliedManifests.endpoint(NAMESPACE, """
                    receiver:
                      replicas: 2
                      pod: { annotations: { e2e.stripe-operator.dev/rolled: "1" } }
                    """));
            await().atMost(WAIT).until(() -> {
                List<Pod> pods = client.pods()
                        .inNamespace(NAMESPACE)
                        .withLabel("app.kubernetes.io/component", "receiver")
                        .list()
                        .getItems();
                return pods.size() == 2
                        && names(pods).stream().noneMatch(before::contains)
                        && pods.stream()
                                .allMatch(p -> Boolean.TRUE.equals(p.getStatus()
                                        .getContainerStatuses()
                                        .getFirst()
                                        .getReady()));
            });
            Thread.sleep(Duration.ofSeconds(5));
            load.stop();

            System.err.println("rolling update: " + load.statuses() + ", without an answer: "
                    + load.failures().size());
            assertThat(load.failures())
                    .as("requests without an answer (a reset or refused connection)")
                    .isEmpty();
            assertThat(load.statuses().keySet()).isSubsetOf(200, 503);
            assertThat(services.database().stored(load.acknowledged()))
                    .isEqualTo(load.acknowledged().size());
        }
    }

    private static Set<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).collect(java.util.stream.Collectors.toSet());
    }
}
