package dev.stripeoperator.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/** YAML applied with {@code kubectl apply}, as a platform team's pipeline does, and the objects it leads to. */
final class AppliedManifests {

    private final LocalCluster cluster;

    AppliedManifests(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /** {@code kubectl apply -f} of the given YAML documents; what kubectl printed. */
    String apply(String yaml) {
        return applyAs(null, yaml);
    }

    /** {@code kubectl apply -f} as {@code user} (impersonated; null for the cluster admin); what kubectl printed. */
    String applyAs(String user, String yaml) {
        try {
            Path file = Files.createTempFile("manifest", ".yaml");
            try {
                Files.writeString(file, yaml);
                return user == null
                        ? cluster.kubectl("apply", "-f", file.toString())
                        : cluster.kubectl("--as=" + user, "apply", "-f", file.toString());
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A kustomize overlay of {@code examples/} that gives their Secrets this environment's database URL and Stripe API
     * key, as a platform team's overlay would; its directory, for {@code kubectl apply -k}.
     */
    Path examplesOverlay(String jdbcUrl, String apiKey) {
        Path overlay = Path.of("target/e2e/examples-overlay").toAbsolutePath();
        try {
            Files.createDirectories(overlay);
            Files.writeString(overlay.resolve("kustomization.yaml"), """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    resources:
                      - %s
                    patches:
                      - patch: |-
                          apiVersion: v1
                          kind: Secret
                          metadata: { name: stripe-events-db, namespace: payments }
                          stringData: { jdbc-url: "%s" }
                      - patch: |-
                          apiVersion: v1
                          kind: Secret
                          metadata: { name: stripe-readonly-key, namespace: payments }
                          stringData: { key: "%s" }
                    """.formatted(
                            overlay.relativize(cluster.repository().resolve("examples")), jdbcUrl, apiKey));
            return overlay;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A namespace enforcing the restricted Pod Security level, a signing, a database and an API key Secret. */
    String namespaceWithSecrets(String namespace, String whsec, String jdbcUrl, String apiKey) {
        apply(restrictedNamespace(namespace));
        return apply("""
                apiVersion: v1
                kind: Secret
                metadata: { name: stripe-events-db, namespace: %1$s }
                stringData: { jdbc-url: "%3$s" }
                ---
                apiVersion: v1
                kind: Secret
                metadata: { name: stripe-readonly-key, namespace: %1$s }
                stringData: { key: "%4$s" }
                """.formatted(namespace, whsec, jdbcUrl, apiKey)
                + (whsec == null ? "" : "---\n" + signingSecret(namespace, "billing-whsec", whsec)));
    }

    /**
     * An endpoint named billing with {@code extraSpec} in its own restricted namespace, with its Secrets (the signing
     * secret {@code whsec}, the database at {@code jdbcUrl}, the Stripe stand-in's key), once it is Ready and every
     * receiver pod with it.
     */
    void readyEndpoint(String namespace, String whsec, String jdbcUrl, String extraSpec) {
        namespaceWithSecrets(namespace, whsec, jdbcUrl, NodeServices.STRIPE_API_KEY);
        apply(endpoint(namespace, extraSpec));
        awaitEveryReceiver(namespace);
    }

    /**
     * Waits until the endpoint billing is Ready, which takes one receiver pod, and then until all of its receiver pods
     * are Ready (the Deployment rolled out).
     */
    void awaitEveryReceiver(String namespace) {
        cluster.kubectl(
                "-n", namespace, "wait", "--for=condition=Ready", "--timeout=180s", "stripewebhookendpoint/billing");
        cluster.kubectl("-n", namespace, "rollout", "status", "deployment/billing-stripe-receiver", "--timeout=180s");
    }

    static String restrictedNamespace(String namespace) {
        return """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %s
                  labels: { pod-security.kubernetes.io/enforce: restricted }
                """.formatted(namespace);
    }

    static String signingSecret(String namespace, String name, String whsec) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: { name: %s, namespace: %s }
                stringData: { whsec: "%s" }
                """.formatted(name, namespace, whsec);
    }

    /** An endpoint named billing referencing the Secrets above, with {@code extraSpec} (indented YAML) appended. */
    static String endpoint(String namespace, String extraSpec) {
        return """
                apiVersion: webhooks.stripe-operator.dev/v1alpha1
                kind: StripeWebhookEndpoint
                metadata: { name: billing, namespace: %s }
                spec:
                  signingSecret: { secretRef: { name: billing-whsec, key: whsec }, rotationGracePeriod: 1h }
                  enabledEvents: ["invoice.*"]
                  database: { urlSecretRef: { name: stripe-events-db, key: jdbc-url } }
                %s""".formatted(namespace, extraSpec.indent(2));
    }

    /** Every object labelled as a child of the endpoint, of the kinds the operator creates, plus its pods. */
    static List<HasMetadata> children(KubernetesClient client, String namespace, String endpoint) {
        String instance = "app.kubernetes.io/instance";
        return java.util.stream.Stream.<List<? extends HasMetadata>>of(
                        client.secrets()
                                .inNamespace(namespace)
                                .withLabel(instance, endpoint)
                                .list()
                                .getItems(),
                        client.apps()
                                .deployments()
                                .inNamespace(namespace)
                                .withLabel(instance, endpoint)
                                .list()
                                .getItems(),
                        client.apps()
                                .replicaSets()
                                .inNamespace(namespace)
                                .withLabel(instance, endpoint)
                                .list()
                                .getItems(),
                        client.pods()
                                .inNamespace(namespace)
                                .withLabel(instance, endpoint)
                                .list()
                                .getItems(),
                        client.services()
                                .inNamespace(namespace)
                                .withLabel(instance, endpoint)
                                .list()
                                .getItems(),
                        client.batch()
                                .v1()
                                .cronjobs()
                                .inNamespace(namespace)
                                .withLabel(instance, endpoint)
                                .list()
                                .getItems(),
                        client.network()
                                .v1()
                                .ingresses()
                                .inNamespace(namespace)
                                .withLabel(instance, endpoint)
                                .list()
                                .getItems(),
                        client.network()
                                .v1()
                                .networkPolicies()
                                .inNamespace(namespace)
                                .withLabel(instance, endpoint)
                                .list()
                                .getItems(),
                        client.policy()
                                .v1()
                                .podDisruptionBudget()
                                .inNamespace(namespace)
                                .withLabel(instance, endpoint)
                                .list()
                                .getItems(),
                        client.autoscaling()
                                .v2()
                                .horizontalPodAutoscalers()
                                .inNamespace(namespace)
                                .withLabel(instance, endpoint)
                                .list()
                                .getItems())
                .flatMap(List::stream)
                .map(HasMetadata.class::cast)
                .toList();
    }

    /** The URL Stripe's deliveries reach the endpoint's receivers at through their Service (its ClusterIP). */
    static String serviceUrl(KubernetesClient client, String namespace, String name) {
        io.fabric8.kubernetes.api.model.Service service = client.services()
                .inNamespace(namespace)
                .withName(StripeWebhooks.receiverName(get(client, namespace, name)))
                .get();
        return "http://" + service.getSpec().getClusterIP() + ":"
                + service.getSpec().getPorts().getFirst().getPort()
                + StripeWebhooks.webhookPath(get(client, namespace, name));
    }

    /** The URL of one receiver pod itself, at its pod address. */
    static String podUrl(KubernetesClient client, io.fabric8.kubernetes.api.model.Pod pod, String name) {
        return "http://" + pod.getStatus().getPodIP() + ":" + ReceiverImage.PORT
                + StripeWebhooks.webhookPath(get(client, pod.getMetadata().getNamespace(), name));
    }

    /** The receiver pods of the endpoint that are not terminating. */
    static List<io.fabric8.kubernetes.api.model.Pod> receiverPods(
            KubernetesClient client, String namespace, String name) {
        return client
                .pods()
                .inNamespace(namespace)
                .withLabel(KubernetesApi.INSTANCE_LABEL, name)
                .withLabel(KubernetesApi.COMPONENT_LABEL, KubernetesApi.COMPONENT_RECEIVER)
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    /** The endpoint as the API server has it. */
    static StripeWebhookEndpoint get(KubernetesClient client, String namespace, String name) {
        return client.resources(StripeWebhookEndpoint.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }
}
