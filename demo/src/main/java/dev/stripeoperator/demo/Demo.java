package dev.stripeoperator.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.gson.JsonParser;
import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.SigningSecretFiles;
import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.RealNode;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.standin.Deliveries;
import dev.stripeoperator.standin.StripeStandIn;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import static dev.stripeoperator.contract.ReceiverSetting.SINK_URL;

/**
 * The local demo ({@code make demo}): the operator against a real local Kubernetes control plane, a receiver
 * configured from the Deployment it creates, signed Stripe deliveries, a signing-secret rotation, and a managed Stripe
 * endpoint in a Stripe stand-in with a rotation asked for by annotation; exits non-zero with the reason when any step does not see
 * what it expects.
 */
public final class Demo {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FORGED_SECRET = "whsec_forged_by_someone_without_the_real_secret";
    /** The restricted key the stand-in accepts for webhook endpoint writes. */
    private static final String STRIPE_ADMIN_KEY = "rk_test_demo_webhook_endpoints_write";

    private static final Duration GRACE = Duration.ofSeconds(12);
    /**
     * On the real node the pods see a new signing secret when the kubelet syncs them (every 10 s here): the grace
     * leaves both Stripe endpoints time to deliver after that.
     */
    private static final Duration REAL_NODE_GRACE = Duration.ofSeconds(45);
    /** {@code false} runs the demo without the real node even where this machine can run one. */
    static final String REAL_NODE_SETTING = "DEMO_REAL_NODE";

    private final PrintStream out;
    private final Path repository;
    private final Path examples;
    /** The directory of the CRDs, crds/. */
    private final Path crd;

    private final Path workDir;
    private final List<String> summary = new ArrayList<>();

    Demo(PrintStream out, Path repository, Path examples, Path crd, Path workDir) {
        this.out = out;
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
            expect(
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
        step(
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
                        Map.of(STRIPE_ADMIN_KEY, StripeStandIn.Access.WRITE),
                        url -> receiverBase.get().resolve(url.getRawPath()));
                DemoCluster cluster = DemoCluster.start(
                        repository, workDir.resolve("cluster"), crd, stripeApi.baseUrl(), realNode, out);
                LocalSink sink = LocalSink.start(
                        cluster.realNode().map(RealNode::address).orElse("127.0.0.1"))) {
            TestDatabase database = cluster.realNode()
                    .map(node -> TestDatabase.startReachableAt(node.address(), node.podSubnet()))
                    .orElse(null);
            StripeWebhookEndpoint endpoint = database == null
                    ? applyExamples(cluster)
                    : applyExamplesWith(
                            cluster,
                            database.jdbcUrl(cluster.realNode().orElseThrow().address()),
                            sink.url());
            KubernetesClient client = cluster.client();
            String namespace = endpoint.getMetadata().getNamespace();
            String name = endpoint.getMetadata().getName();

            step(1, "the operator created the endpoint's children; the cluster's controllers run its pods");
            printShell(
                    cluster,
                    "-n",
                    namespace,
                    "wait",
                    "--for=condition=Ready",
                    "--timeout=180s",
                    "stripewebhookendpoint/" + name);
            printShell(cluster, "-n", namespace, "get", "swe");
            printShell(
                    cluster,
                    "-n",
                    namespace,
                    "get",
                    "deployment,replicaset,pod,service,cronjob,secret,ingress,networkpolicy,poddisruptionbudget",
                    "-l",
                    "app.kubernetes.io/instance=" + name,
                    "-o",
                    "wide");
            printShell(
                    cluster,
                    "-n",
                    namespace,
                    "get",
                    "swe",
                    name,
                    "-o",
                    "jsonpath={range .status.conditions[*]}{.type}={.status} ({.reason}): {.message}{\"\\n\"}{end}");
            expectOwned(client, namespace, name);

            try (DemoReceivers receivers = database != null
                    ? new ReceiverPods(client, endpoint, database)
                    : LocalReceiver.start(client, endpoint, workDir, sink.url())) {
                step(2, "the receivers Stripe delivers to: " + receivers.where());
                receivers.describe(out);
                receiverBase.set(receivers.webhookUrl().resolve("/"));

                StripeDeliveries stripe = new StripeDeliveries(receivers.webhookUrl());
                String secret = userSecret(client, endpoint);
                step(3, "Stripe delivers signed test events, a duplicate, a forged and a stale one");
                deliveries(stripe, secret);
                printRows(receivers);
                printSink(sink);

                step(4, "a GitOps pipeline rotates the signing secret in the user's Secret");
                rotate(client, endpoint, receivers, stripe, secret);

                step(
                        5,
                        "managed: the operator registers the endpoint in Stripe (a stand-in) and rotates it when asked");
                managed(cluster, endpoint, receivers, sink, stripeApi, realNode ? REAL_NODE_GRACE : GRACE);
            }
            step(6, "summary");
            summary.forEach(line -> out.println("    ✔ " + line));
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

    /**
     * Applies the examples through a kustomize overlay that gives their endpoint this machine's database and sink, at
     * the address the real node's pods reach it at, as a platform team's overlay gives its environment's.
     */
    private StripeWebhookEndpoint applyExamplesWith(DemoCluster cluster, String jdbcUrl, URI sinkUrl)
            throws IOException {
        GenericKubernetesResource endpoint = cluster
                .client()
                .load(new java.io.ByteArrayInputStream(
                        cluster.kubectl("kustomize", examples.toString()).getBytes(StandardCharsets.UTF_8)))
                .items()
                .stream()
                .filter(item -> item.getKind().equals("StripeWebhookEndpoint"))
                .map(GenericKubernetesResource.class::cast)
                .findFirst()
                .orElseThrow(() -> new DemoFailure(examples + " holds no StripeWebhookEndpoint"));
        String namespace = endpoint.getMetadata().getNamespace();
        Map<String, String> database = endpoint.get("spec", "database", "urlSecretRef");
        String patches = """
                  - patch: |-
                      apiVersion: v1
                      kind: Secret
                      metadata: { name: %s, namespace: %s }
                      stringData: { %s: "%s" }
                """.formatted(database.get("name"), namespace, database.get("key"), jdbcUrl);
        if (endpoint.get("spec", "sink") != null) {
            patches += """
                      - patch: |-
                          apiVersion: %s
                          kind: StripeWebhookEndpoint
                          metadata: { name: %s, namespace: %s }
                          spec: { sink: { uri: "%s" } }
                    """.formatted(
                            endpoint.getApiVersion(), endpoint.getMetadata().getName(), namespace, sinkUrl);
        }
        Path overlay = Files.createDirectories(workDir.resolve("examples-overlay"));
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                patches:
                %s""".formatted(
                        overlay.relativize(examples.toAbsolutePath()), patches));
        out.printf(
                "    $ kubectl apply -k %s   # %s, with this machine's database and sink for the pods%n",
                overlay, examples);
        cluster.kubectl("apply", "-k", overlay.toString()).lines().forEach(line -> out.println("    " + line));
        return onlyEndpoint(cluster);
    }

    private StripeWebhookEndpoint applyExamples(DemoCluster cluster) {
        out.printf("    $ kubectl apply -k %s%n", examples);
        cluster.kubectl("apply", "-k", examples.toString()).lines().forEach(line -> out.println("    " + line));
        return onlyEndpoint(cluster);
    }

    private StripeWebhookEndpoint onlyEndpoint(DemoCluster cluster) {
        List<StripeWebhookEndpoint> endpoints = cluster.client()
                .resources(StripeWebhookEndpoint.class)
                .inAnyNamespace()
                .list()
                .getItems();
        expect(
                endpoints.size() == 1,
                examples + " should hold exactly one StripeWebhookEndpoint, found " + endpoints.size());
        return endpoints.getFirst();
    }

    private void deliveries(StripeDeliveries stripe, String secret) {
        Instant now = Instant.now();
        String checkout = StripeDeliveries.event(
                "evt_demo_checkout_1",
                "checkout.session.completed",
                "{\"id\":\"cs_test_demo1\",\"object\":\"checkout.session\",\"amount_total\":2000,\"currency\":\"usd\",\"payment_status\":\"paid\"}");
        String invoice = StripeDeliveries.event(
                "evt_demo_invoice_1",
                "invoice.paid",
                "{\"id\":\"in_demo1\",\"object\":\"invoice\",\"amount_paid\":4900,\"currency\":\"usd\",\"status\":\"paid\"}");
        String customer = StripeDeliveries.event(
                "evt_demo_customer_1", "customer.created", "{\"id\":\"cus_demo1\",\"object\":\"customer\"}");
        String forged = StripeDeliveries.event(
                "evt_demo_forged", "invoice.paid", "{\"id\":\"in_forged\",\"object\":\"invoice\"}");

        expectAnswer("checkout.session.completed", stripe.send(checkout, now, secret), 200, "\"duplicate\":false");
        expectAnswer("invoice.paid", stripe.send(invoice, now, secret), 200, "\"duplicate\":false");
        expectAnswer(
                "customer.created (not in enabledEvents)",
                stripe.send(customer, now, secret),
                200,
                "\"received\":true");
        expectAnswer(
                "checkout.session.completed again (Stripe retried)",
                stripe.send(checkout, now, secret),
                200,
                "\"duplicate\":true");
        expectAnswer("forged: signed with another secret", stripe.send(forged, now, FORGED_SECRET), 400, "error");
        expectAnswer(
                "stale: signed 10 minutes ago (replayed)",
                stripe.send(invoice, now.minusSeconds(600), secret),
                400,
                "error");
        summary.add("signed events acknowledged once, the duplicate flagged, forged and stale ones refused with 400");
    }

    private void rotate(
            KubernetesClient client,
            StripeWebhookEndpoint endpoint,
            DemoReceivers receivers,
            StripeDeliveries stripe,
            String oldSecret) {
        String namespace = endpoint.getMetadata().getNamespace();
        var ref = endpoint.getSpec().signingSecret().secretRef();
        String newSecret = "whsec_demo_rotated_" + Long.toHexString(System.nanoTime());
        var deploymentResource =
                client.apps().deployments().inNamespace(namespace).withName(StripeWebhooks.receiverName(endpoint));
        var templateBefore = deploymentResource.get().getSpec().getTemplate();
        client.secrets().inNamespace(namespace).withName(ref.name()).edit(s -> {
            Map<String, String> data = new HashMap<>(s.getData());
            data.put(ref.key(), Base64.getEncoder().encodeToString(newSecret.getBytes(StandardCharsets.UTF_8)));
            s.setData(data);
            return s;
        });
        out.printf("    Secret %s/%s key %s now holds a new whsec_ value%n", namespace, ref.name(), ref.key());
        String signingName = StripeWebhooks.signingSecretName(endpoint);
        Secret signing = await("the operator to move the old value to `previous` in " + signingName, () -> {
            Secret s = client.secrets()
                    .inNamespace(namespace)
                    .withName(signingName)
                    .get();
            return s != null && s.getData().containsKey(SigningSecretFiles.PREVIOUS) ? s : null;
        });
        out.printf(
                "    secret/%s keys: %s, %s=%s%n",
                signingName,
                signing.getData().keySet().stream().sorted().toList(),
                SigningSecretFiles.PREVIOUS_EXPIRES_AT,
                ReceiverSettings.decode(signing.getData().get(SigningSecretFiles.PREVIOUS_EXPIRES_AT)));
        StripeWebhookEndpointStatus status = await(
                "status.signingSecrets.previous on the endpoint",
                () -> statusWhen(
                        client,
                        namespace,
                        endpoint.getMetadata().getName(),
                        s -> s.signingSecrets() != null && s.signingSecrets().previous() != null));
        out.printf(
                "    status.signingSecrets: current=%s previous=%s previousExpiresAt=%s%n",
                status.signingSecrets().current(),
                status.signingSecrets().previous(),
                status.signingSecrets().previousExpiresAt());
        expect(
                deploymentResource.get().getSpec().getTemplate().equals(templateBefore),
                "the rotation should leave the receiver's pod template alone (the receiver reloads the files)");
        out.println("    the Deployment's pod template is unchanged: no pod restarts");

        // The kubelet refreshes the Secret volume in the pods; the receivers notice the files change.
        receivers.awaitSigningSecret(newSecret, out);
        String signedNew = StripeDeliveries.event(
                "evt_demo_after_rotation_new",
                "invoice.paid",
                "{\"id\":\"in_demo2\",\"object\":\"invoice\",\"status\":\"paid\"}");
        expectAnswer(
                "invoice.paid signed with the NEW secret",
                stripe.send(signedNew, Instant.now(), newSecret),
                200,
                "\"duplicate\":false");
        String signedOld = StripeDeliveries.event(
                "evt_demo_after_rotation_old",
                "invoice.paid",
                "{\"id\":\"in_demo3\",\"object\":\"invoice\",\"status\":\"paid\"}");
        expectAnswer(
                "invoice.paid signed with the OLD secret (within the grace period)",
                stripe.send(signedOld, Instant.now(), oldSecret),
                200,
                "\"duplicate\":false");
        String both = StripeDeliveries.event(
                "evt_demo_after_rotation_both",
                "checkout.session.completed",
                "{\"id\":\"cs_test_demo2\",\"object\":\"checkout.session\"}");
        expectAnswer(
                "checkout.session.completed with two v1 signatures (Stripe rolling its secret)",
                stripe.send(both, Instant.now(), FORGED_SECRET, newSecret),
                200,
                "\"duplicate\":false");
        summary.add("rotation: old value kept as previous until "
                + status.signingSecrets().previousExpiresAt()
                + ", deliveries signed with either secret accepted, no restart");
    }

    /**
     * Switches the endpoint to a managed Stripe endpoint and rotates it on demand: the operator registers it in the
     * stand-in, which delivers signed events to the receiver; the rotation registers a second Stripe endpoint, both
     * deliver, the sink sees each event once, and the old Stripe endpoint goes when the grace ends.
     */
    private void managed(
            DemoCluster cluster,
            StripeWebhookEndpoint endpoint,
            DemoReceivers receivers,
            LocalSink sink,
            StripeStandIn stripeApi,
            Duration grace) {
        KubernetesClient client = cluster.client();
        String namespace = endpoint.getMetadata().getNamespace();
        String name = endpoint.getMetadata().getName();
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withNamespace(namespace)
                        .withName("stripe-webhook-admin")
                        .endMetadata()
                        .addToStringData("key", STRIPE_ADMIN_KEY)
                        .build())
                .create();
        String manage =
                "{\"spec\":{\"stripe\":{\"manage\":true,\"apiKeySecretRef\":{\"name\":\"stripe-webhook-admin\",\"key\":\"key\"}},"
                        + "\"signingSecret\":{\"rotationGracePeriod\":\"" + grace.toSeconds() + "s\"}}}";
        out.println("    Secret " + namespace + "/stripe-webhook-admin: a restricted key with Webhook Endpoints write");
        printShell(cluster, "-n", namespace, "patch", "swe", name, "--type=merge", "-p", manage);

        StripeWebhookEndpointStatus registered = await(
                "status.stripe.endpointId",
                () -> statusWhen(
                        client,
                        namespace,
                        name,
                        s -> s.stripe() != null && s.stripe().endpointId() != null));
        String first = registered.stripe().endpointId();
        printStripe(stripeApi);
        String signingName = StripeWebhooks.signingSecretName(endpoint);
        await(
                "Stripe's secret as current in " + signingName,
                () -> stripeApi.secretsOf(first).stream()
                        .findFirst()
                        .filter(current(client, namespace, signingName)::equals)
                        .map(secret -> first)
                        .orElse(null));
        receivers.awaitSigningSecret(current(client, namespace, signingName), out);
        String before =
                deliveredOnce(stripeApi, sink, Set.of(first), "{\"id\":\"in_managed_1\",\"object\":\"invoice\"}");
        summary.add(
                "managed: the operator registered Stripe endpoint " + first + " for status.url and stored its secret; "
                        + "Stripe's delivery " + before + " acknowledged and forwarded");

        // rotateEvery is an hour at the least; the annotation rotates now, as a person would after a leak.
        printShell(
                cluster,
                "-n",
                namespace,
                "annotate",
                "swe",
                name,
                KubernetesApi.ROTATE_ANNOTATION + "=demo-" + Instant.now().getEpochSecond());
        StripeWebhookEndpointStatus rotating = await(
                "a rotation: status.stripe.previousEndpointId",
                () -> statusWhen(
                        client,
                        namespace,
                        name,
                        s -> s.stripe() != null && first.equals(s.stripe().previousEndpointId())));
        String second = rotating.stripe().endpointId();
        printShell(
                cluster,
                "-n",
                namespace,
                "get",
                "swe",
                name,
                "-o",
                "jsonpath={.status.stripe}{\"\\n\"}{range .status.conditions[?(@.type==\"StripeRegistered\")]}{.reason}: {.message}{end}");
        printStripe(stripeApi);
        await(
                "Stripe's new secret as current in " + signingName,
                () -> stripeApi.secretsOf(second).stream()
                        .findFirst()
                        .filter(current(client, namespace, signingName)::equals)
                        .map(secret -> second)
                        .orElse(null));
        receivers.awaitSigningSecret(current(client, namespace, signingName), out);
        String during = deliveredOnce(
                stripeApi, sink, Set.of(first, second), "{\"id\":\"in_managed_2\",\"object\":\"invoice\"}");
        summary.add("rotation on demand: Stripe endpoints " + first + " and " + second + " both delivered " + during
                + ", the sink received it once");

        await(
                "the old Stripe endpoint " + first + " to be deleted after the grace (" + grace.toSeconds() + " s)",
                () -> stripeApi.endpoint(first).isEmpty() ? first : null);
        await(
                "status.stripe to forget " + first,
                () -> statusWhen(
                        client,
                        namespace,
                        name,
                        s -> s.stripe() != null && !first.equals(s.stripe().previousEndpointId())));
        printStripe(stripeApi);
        summary.add("the old Stripe endpoint " + first + " is gone after the grace (" + grace.toSeconds() + " s)");
    }

    /**
     * Stripe sends one invoice.paid; every Stripe endpoint in {@code from} must deliver it (acknowledged), and the sink
     * must receive it exactly once. Answers the event id.
     */
    private String deliveredOnce(StripeStandIn stripeApi, LocalSink sink, Set<String> from, String invoice) {
        String eventId =
                stripeApi.send("invoice.paid", JsonParser.parseString(invoice).getAsJsonObject());
        Set<String> acknowledged = await("Stripe endpoints " + from + " to deliver " + eventId, () -> {
            Set<String> by = stripeApi.attempts().stream()
                    .filter(a -> a.eventId().equals(eventId) && a.acknowledged())
                    .map(Deliveries.Attempt::endpointId)
                    .collect(Collectors.toSet());
            return by.equals(from) ? by : null;
        });
        stripeApi.attempts().stream()
                .filter(a -> a.eventId().equals(eventId))
                .forEach(a -> out.printf(
                        "    Stripe endpoint %s delivered %s (attempt %d) → %d%n",
                        a.endpointId(), eventId, a.attempt(), a.status()));
        if (stripeApi.attempts().stream().anyMatch(a -> a.eventId().equals(eventId) && !a.acknowledged())) {
            out.println(
                    "    (400 until the receiver re-read the refreshed Secret volume with the new secret; Stripe retried)");
        }
        List<String> forwarded = await("the sink to receive " + eventId, () -> {
            List<String> seen = sink.received().stream()
                    .filter(line -> line.startsWith(eventId + " "))
                    .toList();
            return seen.isEmpty() ? null : seen;
        });
        Await.pause(Duration.ofSeconds(1));
        forwarded = sink.received().stream()
                .filter(line -> line.startsWith(eventId + " "))
                .toList();
        out.printf(
                "    delivered by %d Stripe endpoint(s), forwarded to the sink %d time(s): %s%n",
                acknowledged.size(), forwarded.size(), forwarded.getFirst());
        expect(forwarded.size() == 1, "the sink should receive " + eventId + " once, got " + forwarded.size());
        return eventId;
    }

    private void printStripe(StripeStandIn stripeApi) {
        out.println("    Stripe's webhook endpoints (GET /v1/webhook_endpoints):");
        stripeApi
                .endpoints()
                .forEach(e -> out.printf(
                        "      %s %-8s %s %s%n",
                        e.get("id").getAsString(),
                        e.get("status").getAsString(),
                        e.get("url").getAsString(),
                        e.getAsJsonObject("metadata")));
    }

    private static String current(KubernetesClient client, String namespace, String signingName) {
        Secret secret =
                client.secrets().inNamespace(namespace).withName(signingName).get();
        return secret == null ? "" : ReceiverSettings.decode(secret.getData().get(SigningSecretFiles.CURRENT));
    }

    private static String userSecret(KubernetesClient client, StripeWebhookEndpoint endpoint) {
        var ref = endpoint.getSpec().signingSecret().secretRef();
        Secret secret = client.secrets()
                .inNamespace(endpoint.getMetadata().getNamespace())
                .withName(ref.name())
                .get();
        return ReceiverSettings.decode(secret.getData().get(ref.key()));
    }

    private static StripeWebhookEndpointStatus statusWhen(
            KubernetesClient client,
            String namespace,
            String name,
            java.util.function.Predicate<StripeWebhookEndpointStatus> test) {
        StripeWebhookEndpoint current = client.resources(StripeWebhookEndpoint.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        StripeWebhookEndpointStatus status = current == null ? null : current.getStatus();
        return status != null && test.test(status) ? status : null;
    }

    /** Prints a kubectl command and what it printed, indented under the step. */
    private void printShell(DemoCluster cluster, String... args) {
        out.println("    $ kubectl " + String.join(" ", args));
        cluster.kubectl(args).lines().forEach(line -> out.println("    " + line));
    }

    /** Every child the operator made (not the pods, which the ReplicaSet owns) carries an ownerReference to the endpoint. */
    private void expectOwned(KubernetesClient client, String namespace, String name) {
        List<HasMetadata> children = new ArrayList<>();
        children.addAll(client.secrets()
                .inNamespace(namespace)
                .withLabel(KubernetesApi.INSTANCE_LABEL, name)
                .list()
                .getItems());
        children.addAll(client.apps()
                .deployments()
                .inNamespace(namespace)
                .withLabel(KubernetesApi.INSTANCE_LABEL, name)
                .list()
                .getItems());
        children.addAll(client.services()
                .inNamespace(namespace)
                .withLabel(KubernetesApi.INSTANCE_LABEL, name)
                .list()
                .getItems());
        children.addAll(client.batch()
                .v1()
                .cronjobs()
                .inNamespace(namespace)
                .withLabel(KubernetesApi.INSTANCE_LABEL, name)
                .list()
                .getItems());
        children.addAll(client.network()
                .v1()
                .ingresses()
                .inNamespace(namespace)
                .withLabel(KubernetesApi.INSTANCE_LABEL, name)
                .list()
                .getItems());
        children.addAll(client.network()
                .v1()
                .networkPolicies()
                .inNamespace(namespace)
                .withLabel(KubernetesApi.INSTANCE_LABEL, name)
                .list()
                .getItems());
        children.addAll(client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(namespace)
                .withLabel(KubernetesApi.INSTANCE_LABEL, name)
                .list()
                .getItems());
        expect(
                children.stream()
                        .allMatch(c -> c.getMetadata().getOwnerReferences().stream()
                                .anyMatch(o -> o.getKind().equals("StripeWebhookEndpoint")
                                        && o.getName().equals(name))),
                "every child should carry an ownerReference to its endpoint");
        summary.add(
                children.size() + " children created by the operator, each owned by the endpoint; the receiver's pods "
                        + "admitted under the restricted Pod Security level and Ready");
    }

    private void printRows(DemoReceivers receivers) {
        out.println("    $ psql -c 'SELECT id, type, source, status FROM stripe_events'");
        List<List<String>> rows = receivers.rows();
        rows.forEach(row -> out.printf("      %-22s %-28s %-8s %s%n", row.get(0), row.get(1), row.get(2), row.get(3)));
        expect(
                rows.size() == 3,
                "the table should hold 3 events (checkout, invoice, ignored customer), holds " + rows.size());
        summary.add("the table holds each acknowledged event exactly once (" + rows.size() + " rows)");
    }

    private void printSink(LocalSink sink) {
        List<String> received = awaitList(sink::received, 2);
        out.println("    forwarded to the sink (" + SINK_URL + "): " + received);
        expect(received.size() == 2, "the sink should have received the 2 enabled events, got " + received);
        summary.add("the enabled events were forwarded to the sink, the ignored one was not");
    }

    private void expectAnswer(String what, StripeDeliveries.Answer answer, int status, String bodyContains) {
        out.printf("    %-80s → %d %s%n", what, answer.status(), answer.body());
        expect(
                answer.status() == status && answer.body().contains(bodyContains),
                what + ": expected " + status + " with " + bodyContains + ", got " + answer.status() + " "
                        + answer.body());
    }

    private void step(int number, String title) {
        out.printf("%n==> [%d/6] %s%n", number, title);
    }

    private static void expect(boolean condition, String message) {
        if (!condition) {
            throw new DemoFailure(message);
        }
    }

    private static <T> T await(String what, Supplier<T> probe) {
        return Await.until(what, WAIT, probe);
    }

    private static List<String> awaitList(Supplier<List<String>> probe, int size) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline) && probe.get().size() < size) {
            Await.pause(Duration.ofMillis(200));
        }
        return probe.get();
    }

    /** The demo prints its own progress; the libraries' INFO lines would bury it. */
    private static void quietLibraries() {
        Logger root = LogManager.getLogManager().getLogger("");
        root.setLevel(Level.WARNING);
        Stream.of(root.getHandlers()).forEach(h -> h.setLevel(Level.WARNING));
    }
}
