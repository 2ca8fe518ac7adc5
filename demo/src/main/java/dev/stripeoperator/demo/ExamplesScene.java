package dev.stripeoperator.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import static dev.stripeoperator.demo.DemoFailure.expect;

/** The examples applied with {@code kubectl apply -k}: the one StripeWebhookEndpoint the demo then follows. */
record ExamplesScene(PrintStream out, Path examples, Path workDir) {

    /**
     * Applies the examples through a kustomize overlay that gives their endpoint this machine's database and sink, at
     * the address the real node's pods reach it at, as a platform team's overlay gives its environment's.
     */
    StripeWebhookEndpoint applyWith(DemoCluster cluster, String jdbcUrl, URI sinkUrl) throws IOException {
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

    /** Applies the examples as they are. */
    StripeWebhookEndpoint apply(DemoCluster cluster) {
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
}
