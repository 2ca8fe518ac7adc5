package dev.stripeoperator.demo;

import dev.stripeoperator.operator.OperatorConfig;
import dev.stripeoperator.operator.StripeWebhookOperator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An embedded Kubernetes API (the fabric8 mock server in CRUD mode) with the CRD installed and the real
 * operator running against it.
 */
final class LocalCluster implements AutoCloseable {

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Operator operator;

    private LocalCluster(KubernetesMockServer server, KubernetesClient client, Operator operator) {
        this.server = server;
        this.client = client;
        this.operator = operator;
    }

    /** Starts the API server, installs the CRD file and starts the operator (without server-side apply, which the mock lacks). */
    static LocalCluster start(Path crdFile) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        KubernetesClient client = server.createClient();
        try (InputStream in = Files.newInputStream(crdFile)) {
            client.resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
        } catch (IOException e) {
            server.destroy();
            throw new DemoFailure("cannot read the CRD " + crdFile + " (run make from the repository root)", e);
        }
        OperatorConfig config = OperatorConfig.fromEnvironment(
                Map.of("OPERATOR_SERVER_SIDE_APPLY", "false", "RECEIVER_IMAGE", "stripe-webhook-receiver:demo"), "demo");
        Operator operator = StripeWebhookOperator.create(client, config, Clock.systemUTC(), new SimpleMeterRegistry());
        operator.start();
        return new LocalCluster(server, client, operator);
    }

    KubernetesClient client() {
        return client;
    }

    /** Creates every object of a manifest file, as {@code kubectl apply -f} would on a fresh cluster. */
    List<HasMetadata> apply(Path manifest) {
        try (InputStream in = Files.newInputStream(manifest)) {
            List<HasMetadata> objects = client.load(in).items();
            return objects.stream().map(o -> client.resource(folded(o)).create()).toList();
        } catch (IOException e) {
            throw new DemoFailure("cannot read " + manifest, e);
        }
    }

    /** The real API server folds a Secret's stringData into base64 data on write; the mock stores what it gets. */
    private static HasMetadata folded(HasMetadata object) {
        if (object instanceof Secret secret && secret.getStringData() != null) {
            Map<String, String> data = new HashMap<>(secret.getData() == null ? Map.of() : secret.getData());
            secret.getStringData().forEach((key, value) ->
                    data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
            secret.setData(data);
            secret.setStringData(null);
        }
        return object;
    }

    @Override
    public void close() {
        operator.stop();
        client.close();
        server.destroy();
    }
}
