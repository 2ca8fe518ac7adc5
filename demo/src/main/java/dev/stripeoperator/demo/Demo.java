package dev.stripeoperator.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.stream.Stream;

import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.RealNode;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.standin.StripeStandIn;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The local demo ({@code make demo}): the operator against a real local Kubernetes control plane, a receiver
 * configured from the Deployment it creates, signed Stripe deliveries, a signing-secret rotation, and a managed Stripe
 * endpoint in a Stripe stand-in with a rotation asked for by annotation; exits non-zero with the reason when any step does not see
 * what it expects. Each step past the cluster's start is a scene of its own; this class runs them in order.
 */
public final class Demo {

    /** How long the old Stripe endpoint keeps delivering after a rotation. */
    private static final Duration GRACE = Duration.ofSeconds(12);
    /**
     * On the real node the pods see a new signing secret when the kubelet syncs them (every 10 s here): the grace
     * leaves both Stripe endpoints time to deliver after that.
     */
    private static final Duration REAL_NODE_GRACE = Duration.ofSeconds(45);
    /** {@code false} runs the demo without the real node even where this machine can run one. */
    static final String REAL_NODE_SETTING = "DEMO_REAL_NODE";

    private final PrintStream out;
    private final Narrator narrator;
    private final Path repository;
    private final Path examples;
    /** The directory of the CRDs, crds/. */
    private final Path crd;

    private final Path workDir;

    Demo(PrintStream out, Path repository, Path examples, Path crd, Path workDir) {
        this.out = out;
        this.narrator = new Narrator(out);
        this.repository = repository;
        this.examples = examples;
        this.crd = crd;
        this.workDir = workDir;
    }

    /** Runs the demo from the repository root; {@code --examples DIR} applies another set of manifests. */
    public static void main(String[] args) throws IOException {
        quietLibraries();
        Path examples = Path.of("examples");
        if (args.length == 2 && args[0].equals("--examples")) {
            examples = Path.of(args[1]);
        } else if (args.length != 0) {
            System.err.println("usage: demo [--examples DIR]");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("stripe-webhook-demo");
        Path repository = LocalCluster.repositoryRoot(Path.of(""));
        int exit = new Demo(System.out, repository, examples, repository.resolve("crds"), work).run();
        System.exit(exit);
    }

    /** Runs every step; 0 when all saw what they expected. */
    int run() {
        Instant started = Instant.now();
        try {
            DemoFailure.expect(
                    Files.isRegularFile(examples.resolve("kustomization.yaml")),
                    examples + " has no kustomization.yaml: the demo applies it with `kubectl apply -k`");
        } catch (DemoFailure e) {
            out.println("demo FAILED: " + e.getMessage());
            return 1;
        }
        Optional<String> noRealNode = "false".equals(System.getenv(REAL_NODE_SETTING))
                ? Optional.of(REAL_NODE_SETTING + "=false")
                : LocalCluster.realNodeMissing(repository);
        boolean realNode = noRealNode.isEmpty();
        narrator.step(
                0,
                realNode
                        ? "a local Kubernetes cluster: etcd, kube-apiserver, controller manager, scheduler and a real node"
                                + " (kubelet, containerd, runc) that runs the receivers as pods"
                        : "a local Kubernetes control plane: etcd, kube-apiserver, controller manager, scheduler, kwok nodes");
        noRealNode.ifPresent(reason -> out.println("    no real node on this machine ("
                + reason.lines().findFirst().orElse(reason).replaceFirst("^real-node: ", "")
                + "): kwok runs the pods in simulation and the receiver runs as a process beside the cluster"));
        // Stripe delivers to the public URL; in the demo that URL's path leads to the receivers.
        AtomicReference<URI> receiverBase = new AtomicReference<>();
        try (StripeStandIn stripeApi = StripeStandIn.start(
                        Map.of(ManagedEndpointScene.ADMIN_KEY, StripeStandIn.Access.WRITE),
                        url -> receiverBase.get().resolve(url.getRawPath()));
                DemoCluster cluster = DemoCluster.start(
                        repository, workDir.resolve("cluster"), crd, stripeApi.baseUrl(), realNode, out);
                LocalSink sink = LocalSink.start(
                        cluster.realNode().map(RealNode::address).orElse("127.0.0.1"))) {
            TestDatabase database = cluster.realNode()
                    .map(node -> TestDatabase.startReachableAt(node.address(), node.podSubnet()))
                    .orElse(null);
            ExamplesScene examplesScene = new ExamplesScene(out, examples, workDir);
            StripeWebhookEndpoint endpoint = database == null
                    ? examplesScene.apply(cluster)
                    : examplesScene.applyWith(
                            cluster,
                            database.jdbcUrl(cluster.realNode().orElseThrow().address()),
                            sink.url());
            KubernetesClient client = cluster.client();

            narrator.step(1, "the operator created the endpoint's children; the cluster's controllers run its pods");
            new OwnedChildrenScene(narrator).run(cluster, endpoint);

            try (DemoReceivers receivers = database != null
                    ? new ReceiverPods(client, endpoint, database)
                    : LocalReceiver.start(client, endpoint, workDir, sink.url())) {
                narrator.step(2, "the receivers Stripe delivers to: " + receivers.where());
                receivers.describe(out);
                receiverBase.set(receivers.webhookUrl().resolve("/"));

                StripeDeliveries stripe = new StripeDeliveries(receivers.webhookUrl());
                String secret = ClusterReads.userSecret(client, endpoint);
                narrator.step(3, "Stripe delivers signed test events, a duplicate, a forged and a stale one");
                new DeliveriesScene(narrator).run(stripe, secret, receivers, sink);

                narrator.step(4, "a GitOps pipeline rotates the signing secret in the user's Secret");
                new RotationScene(narrator).run(client, endpoint, receivers, stripe, secret);

                narrator.step(
                        5,
                        "managed: the operator registers the endpoint in Stripe (a stand-in) and rotates it when asked");
                new ManagedEndpointScene(narrator)
                        .run(cluster, endpoint, receivers, sink, stripeApi, realNode ? REAL_NODE_GRACE : GRACE);
            }
            narrator.step(6, "summary");
            narrator.printSummary();
            out.printf(
                    "demo finished in %d s (receivers: %s): every step saw what it expected%n",
                    Duration.between(started, Instant.now()).toSeconds(),
                    realNode ? "pods on the real node" : "a process beside the cluster");
            return 0;
        } catch (DemoFailure e) {
            out.println("demo FAILED: " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            out.println("demo FAILED: " + e);
            return 1;
        }
    }

    /** The demo prints its own progress; the libraries' INFO lines would bury it. */
    private static void quietLibraries() {
        Logger root = LogManager.getLogManager().getLogger("");
        root.setLevel(Level.WARNING);
        Stream.of(root.getHandlers()).forEach(h -> h.setLevel(Level.WARNING));
    }
}
