package dev.stripeoperator.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.operator.endpoint.EndpointConditions;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.HttpRouteExposure;
import dev.stripeoperator.operator.endpoint.ParentRef;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.stripeoperator.operator.EndpointReads.condition;
import static dev.stripeoperator.operator.EndpointReads.envValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Exposure through a Gateway API HTTPRoute, in a cluster with the Gateway API's HTTPRoute CRD installed. */
@ExtendWith(LocalClusterExtension.class)
class HttpRouteIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static OperatorEnvironment env;
    private static KubernetesClient client;

    @BeforeAll
    static void startOperator(LocalCluster cluster) {
        env = OperatorEnvironment.start(
                cluster,
                "routes",
                2,
                new MutableClock(Instant.parse("2026-03-01T12:00:00Z")),
                Map.of(),
                List.of(httpRouteCrd(cluster)));
        client = env.client;
    }

    @AfterAll
    static void stopOperator() {
        env.close();
    }

    @Test
    void anHttpRouteRoutesExactlyTheEndpointsPathAndRemovingItDeletesIt() {
        String ns = env.namespace();
        Fixtures.userSecrets(ns, "billing", Fixtures.WHSEC)
                .forEach(s -> client.resource(s).create());
        client.resource(Fixtures.endpoint(
                        ns,
                        "billing",
                        ExposureIT.withExposure(
                                "billing",
                                new Exposure(
                                        null,
                                        new HttpRouteExposure(
                                                List.of(new ParentRef("public", "gateways", "https")),
                                                List.of("hooks.example.com", "hooks.example.org"),
                                                null)))))
                .create();
        String path = "/webhooks/stripe/" + ns + "/billing";

        HTTPRoute route = await().atMost(WAIT).until(() -> route(ns), r -> r != null);
        assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(parent -> {
            assertThat(parent.getName()).isEqualTo("public");
            assertThat(parent.getNamespace()).isEqualTo("gateways");
            assertThat(parent.getSectionName()).isEqualTo("https");
        });
        assertThat(route.getSpec().getHostnames()).containsExactly("hooks.example.com", "hooks.example.org");
        assertThat(route.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getMatches()).singleElement().satisfies(match -> {
                assertThat(match.getPath().getType()).isEqualTo("Exact");
                assertThat(match.getPath().getValue()).isEqualTo(path);
            });
            assertThat(rule.getBackendRefs()).singleElement().satisfies(backend -> {
                assertThat(backend.getName()).isEqualTo("billing-stripe-receiver");
                assertThat(backend.getPort()).isEqualTo(8080);
            });
        });
        assertThat(route.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("billing"));
        await().atMost(WAIT).untilAsserted(() -> {
            StripeWebhookEndpoint endpoint = endpoint(ns);
            assertThat(endpoint.getStatus().url()).isEqualTo("https://hooks.example.com" + path);
            assertThat(condition(endpoint.getStatus().conditions(), EndpointConditions.EXPOSED)
                            .getReason())
                    .isEqualTo("HTTPRouteReady");
            assertThat(envValues(env.reads
                            .receiverDeployment(ns, "billing")
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .getFirst()))
                    .containsEntry("WEBHOOK_PATH", path);
        });

        Fixtures.updateSpec(client, ns, "billing", spec -> ExposureIT.withExposure(spec, null));

        await().atMost(WAIT).until(() -> route(ns) == null);
    }

    private static HTTPRoute route(String ns) {
        return client.resources(HTTPRoute.class)
                .inNamespace(ns)
                .withName("billing-stripe-receiver")
                .get();
    }

    private static StripeWebhookEndpoint endpoint(String ns) {
        StripeWebhookEndpoint endpoint = env.reads.endpoint(ns, "billing");
        assertThat(endpoint.getStatus()).isNotNull();
        return endpoint;
    }

    /** The Gateway API's own HTTPRoute CRD, with its schema and validation rules. */
    private static CustomResourceDefinition httpRouteCrd(LocalCluster cluster) {
        try (InputStream in = Files.newInputStream(cluster.gatewayApiCrd("httproutes"))) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
