package dev.stripeoperator.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.receiver.testing.TestEvents;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rotation as a GitOps pipeline makes it, on real pods: the user's signing Secret changes, the operator writes both
 * secrets into the endpoint's signing Secret, the kubelet refreshes the Secret volume in the running containers, and
 * every receiver then accepts deliveries signed with either secret, without a restart.
 */
@Order(4)
@ExtendWith({LocalClusterExtension.class, InstalledChartExtension.class})
class RotationIT {

    private static final String NAMESPACE = "e2e-rotation";
    private static final String OLD = "whsec_e2e_rotation_old";
    private static final String NEW = "whsec_e2e_rotation_new";
    /** The kubelet's sync period (a minute) with its jitter, and the receiver's one-second re-read, with room. */
    private static final Duration REFRESH = Duration.ofSeconds(180);

    private static LocalCluster cluster;
    private static KubernetesClient client;
    private static AppliedManifests manifests;

    @BeforeAll
    static void anEndpointWithTwoReceivers(LocalCluster localCluster, NodeServices services, InstalledChart chart) {
        cluster = localCluster;
        client = localCluster.admin();
        manifests = new AppliedManifests(cluster);
        manifests.readyEndpoint(NAMESPACE, OLD, services.jdbcUrl(), "receiver: { replicas: 2 }");
    }

    @Test
    void afterTheKubeletRefreshesTheSecretVolumeEveryReceiverAcceptsBothSecretsWithoutARestart() throws Exception {
        List<Pod> pods = AppliedManifests.receiverPods(client, NAMESPACE, "billing");
        assertThat(pods).hasSize(2);
        Map<String, Deliveries> byPod = new LinkedHashMap<>();
        for (Pod pod : pods) {
            Deliveries toPod = new Deliveries(AppliedManifests.podUrl(client, pod, "billing"), OLD);
            byPod.put(pod.getMetadata().getName(), toPod);
            assertThat(toPod.deliver(TestEvents.newId()).statusCode()).isEqualTo(200);
            assertThat(toPod.deliver(TestEvents.newId(), NEW).statusCode())
                    .as("not yet rotated")
                    .isEqualTo(400);
        }

        long changed = System.nanoTime();
        manifests.apply(AppliedManifests.signingSecret(NAMESPACE, "billing-whsec", NEW));

        Map<String, Duration> refreshed = new LinkedHashMap<>();
        for (Map.Entry<String, Deliveries> pod : byPod.entrySet()) {
            await().atMost(REFRESH)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> pod.getValue().deliver(TestEvents.newId(), NEW).statusCode() == 200);
            refreshed.put(pod.getKey(), Duration.ofNanos(System.nanoTime() - changed));
            assertThat(pod.getValue().deliver(TestEvents.newId(), OLD).statusCode())
                    .as("the previous secret, within its grace period")
                    .isEqualTo(200);
        }
        System.err.println(
                "rotation: each receiver accepted the new secret this long after the Secret changed: " + refreshed);

        assertThat(AppliedManifests.receiverPods(client, NAMESPACE, "billing"))
                .as("the same pods, never restarted")
                .extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(byPod.keySet());
        assertThat(AppliedManifests.receiverPods(client, NAMESPACE, "billing"))
                .allSatisfy(p -> assertThat(
                                p.getStatus().getContainerStatuses().getFirst().getRestartCount())
                        .isZero());
    }
}
