package dev.stripeoperator.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.operator.endpoint.ForwardingSpec;
import dev.stripeoperator.operator.endpoint.ReceiverPod;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Pod settings reach the pods the cluster runs: the operator's defaults and the endpoint's own, merged, on the receiver
 * Deployment and the backfill CronJob; a tainted, labelled kwok node gets exactly the pods that tolerate and select it;
 * the retention reaches the receivers in days; the CRD refuses an env entry that names a receiver setting and a
 * retention that is no count of days.
 */
@ExtendWith(LocalClusterExtension.class)
class PodPlacementIT {

    private static final String POOL_LABEL = "pod-placement-it/pool";
    private static final String TAINT_KEY = "pod-placement-it/dedicated";

    private static OperatorEnvironment env;
    private static Node node;

    @BeforeAll
    static void startOperatorAndReserveANode(LocalCluster cluster) {
        env = OperatorEnvironment.start(
                cluster,
                "placement",
                3,
                new MutableClock(Instant.parse("2026-03-01T12:00:00Z")),
                Map.of("RECEIVER_DEFAULTS", """
                        {"pod": {"imagePullSecrets": [{"name": "regcred"}],
                                 "labels": {"team": "platform"},
                                 "env": [{"name": "JAVA_TOOL_OPTIONS", "value": "-Dhttps.proxyHost=proxy.internal"}]},
                         "forwarding": {"maxAttempts": 20},
                         "retention": "30d"}
                        """),
                List.of());
        node = env.client.nodes().list().getItems().getLast();
        env.client.nodes().withName(node.getMetadata().getName()).edit(n -> {
            n.getMetadata().getLabels().put(POOL_LABEL, "webhooks");
            List<Taint> taints = new ArrayList<>(
                    n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints());
            taints.add(new Taint("NoSchedule", TAINT_KEY, null, "webhooks"));
            n.getSpec().setTaints(taints);
            return n;
        });
    }

    @AfterAll
    static void releaseTheNodeAndStop() {
        env.client.nodes().withName(node.getMetadata().getName()).edit(n -> {
            n.getMetadata().getLabels().remove(POOL_LABEL);
            n.getSpec()
                    .setTaints(n.getSpec().getTaints().stream()
                            .filter(t -> !TAINT_KEY.equals(t.getKey()))
                            .toList());
            return n;
        });
        env.close();
    }

    @Test
    void theReceiverPodsTolerateAndSelectTheReservedNodeAndCarryTheMergedSettings() {
        String ns = env.namespace();
        Fixtures.userSecrets(ns, "placed", Fixtures.WHSEC)
                .forEach(s -> env.client.resource(s).create());
        ReceiverPod pod = new ReceiverPod(
                null,
                Map.of(POOL_LABEL, "webhooks"),
                List.of(new Toleration("NoSchedule", TAINT_KEY, "Equal", null, "webhooks")),
                null,
                null,
                null,
                Map.of("example.com/owner", "payments"),
                null,
                List.of(env("HTTPS_PROXY", "http://proxy.internal:3128")),
                null,
                null,
                null);
        env.client
                .resource(Fixtures.endpoint(
                        ns,
                        "placed",
                        Specs.withRetention(
                                Fixtures.withReceiver(
                                        Fixtures.spec("placed"), pod, new ForwardingSpec(null, "30s", "2h", 16)),
                                "400d")))
                .create();

        List<Pod> pods = await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> env.reads.receiverPods(ns, "placed"),
                        list -> list.size() == 2
                                && list.stream().allMatch(p -> p.getSpec().getNodeName() != null));
        assertThat(pods).allSatisfy(p -> {
            assertThat(p.getSpec().getNodeName())
                    .as("scheduled onto the reserved node")
                    .isEqualTo(node.getMetadata().getName());
            assertThat(p.getMetadata().getLabels())
                    .containsEntry("team", "platform")
                    .containsEntry("app.kubernetes.io/instance", "placed");
            assertThat(p.getMetadata().getAnnotations()).containsEntry("example.com/owner", "payments");
            assertThat(p.getSpec().getImagePullSecrets()).containsExactly(new LocalObjectReference("regcred"));
            var container = p.getSpec().getContainers().getFirst();
            assertThat(container.getEnv())
                    .contains(
                            env("JAVA_TOOL_OPTIONS", "-Dhttps.proxyHost=proxy.internal"),
                            env("HTTPS_PROXY", "http://proxy.internal:3128"),
                            env("FORWARDING_MAX_ATTEMPTS", "20"),
                            env("FORWARDING_BACKOFF_BASE", "30s"),
                            env("FORWARDING_BACKOFF_MAX", "2h"),
                            env("FORWARDING_CONCURRENCY", "16"),
                            env("RETENTION_DAYS", "400"));
            assertThat(container.getResources().getLimits())
                    .as("no CPU limit unless asked for")
                    .doesNotContainKey("cpu")
                    .containsKey("memory");
        });

        CronJob cronJob = await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.reconcileCronJob(ns, "placed"), java.util.Objects::nonNull);
        PodSpec backfill =
                cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(backfill.getNodeSelector()).containsEntry(POOL_LABEL, "webhooks");
        assertThat(backfill.getTolerations()).extracting(Toleration::getKey).contains(TAINT_KEY);
        assertThat(backfill.getContainers().getFirst().getEnv())
                .contains(env("HTTPS_PROXY", "http://proxy.internal:3128"))
                .extracting(EnvVar::getName)
                .doesNotContain("FORWARDING_MAX_ATTEMPTS", "RETENTION_DAYS");
    }

    @Test
    void anEndpointWithoutTheTolerationStaysOffTheReservedNode() {
        String ns = env.namespace();
        Fixtures.userSecrets(ns, "elsewhere", Fixtures.WHSEC)
                .forEach(s -> env.client.resource(s).create());
        env.client.resource(Fixtures.endpoint(ns, "elsewhere")).create();

        List<Pod> pods = await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> env.reads.receiverPods(ns, "elsewhere"),
                        list -> list.size() == 2
                                && list.stream().allMatch(p -> p.getSpec().getNodeName() != null));
        assertThat(pods)
                .extracting(p -> p.getSpec().getNodeName())
                .doesNotContain(node.getMetadata().getName());
        Deployment deployment = env.reads.receiverDeployment(ns, "elsewhere");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "platform");
        assertThat(EndpointReads.envValues(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()))
                .as("the operator's default retention, in days")
                .containsEntry("RETENTION_DAYS", "30");
    }

    @Test
    void theCrdRefusesAnEnvEntryNamedLikeAReceiverSetting() {
        String ns = env.namespace();
        ReceiverPod pod = new ReceiverPod(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(env("DATABASE_URL", "jdbc:postgresql://elsewhere/db")),
                null,
                null,
                null);
        StripeWebhookEndpoint endpoint =
                Fixtures.endpoint(ns, "hijack", Fixtures.withReceiver(Fixtures.spec("hijack"), pod, null));

        assertThatThrownBy(() -> env.client.resource(endpoint).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("env must not set the receiver's own settings");
        StripeWebhookEndpoint slowBackoff = Fixtures.endpoint(
                ns,
                "backoff",
                Fixtures.withReceiver(Fixtures.spec("backoff"), null, new ForwardingSpec(null, "2h", "1h", null)));
        assertThatThrownBy(() -> env.client.resource(slowBackoff).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("backoffMax must not be shorter than backoffBase");
        StripeWebhookEndpoint hours =
                Fixtures.endpoint(ns, "hours", Specs.withRetention(Fixtures.spec("hours"), "2160h"));
        assertThatThrownBy(() -> env.client.resource(hours).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec.retention");
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
