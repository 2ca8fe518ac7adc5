package dev.stripeoperator.operator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The fabric8 mock API server in CRUD mode on an ephemeral port, with the generated CRD installed,
 * and the real operator running against it without server-side apply (which the mock lacks).
 */
final class OperatorEnvironment implements AutoCloseable {

    final KubernetesMockServer server;
    final KubernetesClient client;
    final Operator operator;

    private OperatorEnvironment(KubernetesMockServer server, KubernetesClient client, Operator operator) {
        this.server = server;
        this.client = client;
        this.operator = operator;
    }

    /** Starts the API server and an operator watching all namespaces with the given extra environment. */
    static OperatorEnvironment start(Clock clock, Map<String, String> env) {
        return start(clock, env, List.of());
    }

    /** As {@link #start(Clock, Map)}, with further objects (e.g. other CRDs) in the API server before the operator starts. */
    static OperatorEnvironment start(Clock clock, Map<String, String> env, List<HasMetadata> preinstalled) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        KubernetesClient client = server.createClient();
        client.resource(loadCrd()).create();
        preinstalled.forEach(object -> client.resource(object).create());
        Map<String, String> settings = new HashMap<>(env);
        settings.putIfAbsent("OPERATOR_SERVER_SIDE_APPLY", "false");
        OperatorConfig config = OperatorConfig.fromEnvironment(settings, "test");
        Operator operator = StripeWebhookOperator.create(client, config, clock, new SimpleMeterRegistry());
        operator.start();
        return new OperatorEnvironment(server, client, operator);
    }

    static OperatorEnvironment start(Clock clock) {
        return start(clock, Map.of());
    }

    /** The CRD as the generator made it from the model in this build. */
    static CustomResourceDefinition loadCrd() {
        Path file = Path.of(System.getProperty("crd.generated", "target/crds"))
                .resolve("stripewebhookendpoints.webhooks.stripe-operator.dev-v1.yml");
        try (InputStream in = Files.newInputStream(file)) {
            return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new IllegalStateException("run the build (mvn process-classes) to generate " + file, e);
        }
    }

    @Override
    public void close() {
        operator.stop();
        client.close();
        server.destroy();
    }
}
