package dev.stripeoperator.demo;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.RealNode;
import dev.stripeoperator.operator.OperatorMain;
import dev.stripeoperator.operator.StripeWebhookOperator;
import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.replay.StripeWebhookReplay;
import dev.stripeoperator.operator.status.EndpointMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The local Kubernetes control plane (build/local-cluster) with the committed CRD applied and the real operator
 * running against it with server-side apply; with the local real node when this machine can run one, its images built
 * and loaded there.
 */
final class DemoCluster implements AutoCloseable {

    private static final int NODES = 2;
    /**
     * How often the real node's kubelet syncs each pod, and so refreshes its Secret volumes: 10 s instead of the
     * kubelet's default minute, so that the demo's rotations show within seconds.
     */
    static final String KUBELET_SYNC_FREQUENCY = "10s";

    private final LocalCluster cluster;
    private final KubernetesClient operatorClient;
    private final Operator operator;

    private DemoCluster(LocalCluster cluster, KubernetesClient operatorClient, Operator operator) {
        this.cluster = cluster;
        this.operatorClient = operatorClient;
        this.operator = operator;
    }

    /**
     * Starts the control plane under {@code dir} (building it on first use), applies the CRDs of the directory
     * {@code crd}, starts the operator, which registers managed endpoints in the Stripe API at {@code stripeApiBase}.
     */
    static DemoCluster start(
            Path repository, Path dir, Path crd, String stripeApiBase, boolean realNode, PrintStream out) {
        if (!Files.isExecutable(repository.resolve(".tools/bin/kubectl"))) {
            throw new DemoFailure("kubectl is missing in .tools/bin; run `make tools` (make demo does)");
        }
        if (!Files.isRegularFile(
                crd.resolve(HasMetadata.getFullResourceName(StripeWebhookEndpoint.class) + "-v1.yml"))) {
            throw new DemoFailure("the CRDs in " + crd + " are missing; run the demo from the repository root");
        }
        LocalCluster cluster = LocalCluster.start(
                repository,
                dir,
                realNode ? 0 : NODES,
                realNode,
                realNode ? Map.of("LOCAL_NODE_SYNC_FREQUENCY", KUBELET_SYNC_FREQUENCY) : Map.of(),
                line -> out.println("    " + line));
        KubernetesClient operatorClient =
                new KubernetesClientBuilder().withConfig(cluster.adminConfig()).build();
        try {
            if (realNode) {
                cluster.buildAndLoadImages(line -> out.println("    " + line));
            }
            cluster.kubectl("apply", "--server-side", "-f", crd.toString());
            // kubectl wait fails at once on a CRD so new that its status has no conditions yet: wait with the client.
            for (String name : List.of(
                    HasMetadata.getFullResourceName(StripeWebhookEndpoint.class),
                    HasMetadata.getFullResourceName(StripeWebhookReplay.class))) {
                operatorClient
                        .apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(name)
                        .waitUntilCondition(
                                c -> c != null
                                        && c.getStatus() != null
                                        && c.getStatus().getConditions() != null
                                        && c.getStatus().getConditions().stream()
                                                .anyMatch(e -> e.getType().equals("Established")
                                                        && e.getStatus().equals("True")),
                                60,
                                TimeUnit.SECONDS);
            }
            // On the real node, the receiver image is the operator's default, the one make images built and loaded.
            OperatorConfig config = realNode
                    ? OperatorConfig.fromEnvironment(Map.of("STRIPE_API_BASE", stripeApiBase), OperatorMain.version())
                    : OperatorConfig.fromEnvironment(
                            Map.of("RECEIVER_IMAGE", "stripe-webhook-receiver:demo", "STRIPE_API_BASE", stripeApiBase),
                            "demo");
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            Operator operator = StripeWebhookOperator.create(
                    operatorClient, config, Clock.systemUTC(), meters, new EndpointMetrics(meters));
            operator.start();
            return new DemoCluster(cluster, operatorClient, operator);
        } catch (RuntimeException e) {
            operatorClient.close();
            cluster.close();
            throw e;
        }
    }

    /** The real node, when the cluster runs one. */
    Optional<RealNode> realNode() {
        return cluster.realNode();
    }

    /** A client with the cluster admin's identity. */
    KubernetesClient client() {
        return cluster.admin();
    }

    /** Runs the real kubectl against this cluster; what it printed. */
    String kubectl(String... args) {
        return cluster.kubectl(args);
    }

    @Override
    public void close() {
        operator.stop();
        operatorClient.close();
        cluster.close();
    }
}
