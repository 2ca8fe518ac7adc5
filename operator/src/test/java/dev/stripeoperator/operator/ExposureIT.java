package dev.stripeoperator.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.operator.endpoint.Autoscaling;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.EndpointConditions;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.HttpRouteExposure;
import dev.stripeoperator.operator.endpoint.IngressExposure;
import dev.stripeoperator.operator.endpoint.IngressTls;
import dev.stripeoperator.operator.endpoint.ParentRef;
import dev.stripeoperator.operator.endpoint.ReceiverSpec;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.stripeoperator.operator.EndpointReads.condition;
import static dev.stripeoperator.operator.EndpointReads.envValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Exposure (Ingress, HTTPRoute without the Gateway API) and availability (NetworkPolicy, PDB, HPA) on the local
 * control plane, whose garbage collector and autoscaler controller run too.
 */
@ExtendWith(LocalClusterExtension.class)
class ExposureIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * The garbage collector learns of a new CRD at its next discovery, every 30 seconds, and until then retries the
     * owners it cannot map with a growing backoff: on a fresh cluster, an owner's children may outlive it for a minute.
     */
    private static final Duration GARBAGE_COLLECTED = Duration.ofMinutes(2);

    private static OperatorEnvironment env;
    private static KubernetesClient client;

    @BeforeAll
    static void startOperator(LocalCluster cluster) {
        env = OperatorEnvironment.start(cluster, "exp", 12, new MutableClock(Instant.parse("2026-03-01T12:00:00Z")));
        client = env.client;
    }

    @AfterAll
    static void stopOperator() {
        env.close();
    }

    @Test
    void anIngressWithTlsRoutesExactlyTheEndpointsPathToTheService() {
        String ns = namespace();
        create(
                ns,
                "billing",
                withExposure(
                        "billing",
                        new Exposure(
                                new IngressExposure(
                                        "hooks.example.com",
                                        "nginx",
                                        null,
                                        new IngressTls("hooks-tls"),
                                        Map.of("cert-manager.io/cluster-issuer", "letsencrypt")),
                                null)));
        String path = "/webhooks/stripe/" + ns + "/billing";

        Ingress ingress = await().atMost(WAIT).until(() -> ingress(ns, "billing"), i -> i != null);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
        assertThat(ingress.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("billing"));
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("hooks.example.com");
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(p -> {
                assertThat(p.getPath()).isEqualTo(path);
                assertThat(p.getPathType()).isEqualTo("Exact");
                assertThat(p.getBackend().getService().getName()).isEqualTo("billing-stripe-receiver");
                assertThat(p.getBackend().getService().getPort().getNumber()).isEqualTo(8080);
            });
        });
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getHosts()).containsExactly("hooks.example.com");
            assertThat(tls.getSecretName()).isEqualTo("hooks-tls");
        });
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(webhookPath(ns, "billing")).isEqualTo(path);
            assertThat(get(ns, "billing").getStatus().url()).isEqualTo("https://hooks.example.com" + path);
            EndpointCondition exposed =
                    condition(get(ns, "billing").getStatus().conditions(), EndpointConditions.EXPOSED);
            assertThat(exposed.getStatus()).isEqualTo("True");
            assertThat(exposed.getReason()).isEqualTo("IngressReady");
        });
    }

    @Test
    void theCrdRefusesAPathThatIsNotPlainAndTakesOneOfUnreservedCharacters() {
        String ns = namespace();
        List<String> refused = List.of(
                "/orders/{id}", "/stripe/*", "/stripe[/v2]", "/a//b", "/stripe/", "/a/../b", "/a%2Fb", "/stripe;v=1");

        for (String path : refused) {
            Exposure ingress = new Exposure(new IngressExposure("hooks.example.com", null, path, null, null), null);
            Exposure route = new Exposure(
                    null, new HttpRouteExposure(List.of(new ParentRef("public", "gateways", null)), null, path));
            for (Exposure exposure : List.of(ingress, route)) {
                assertThatThrownBy(() -> client.resource(
                                        Fixtures.endpoint(ns, "refused", withExposure("refused", exposure)))
                                .create())
                        .as(path)
                        .isInstanceOf(KubernetesClientException.class)
                        .hasMessageContaining("spec.exposure.")
                        .hasMessageContaining("path must be a plain absolute path");
            }
        }

        String plain = "/stripe/v1.2/hooks_eu~1-a";
        create(
                ns,
                "plain",
                withExposure(
                        "plain",
                        new Exposure(new IngressExposure("hooks.example.com", null, plain, null, null), null)));
        Ingress routed = await().atMost(WAIT).until(() -> ingress(ns, "plain"), i -> i != null);
        assertThat(routed.getSpec()
                        .getRules()
                        .getFirst()
                        .getHttp()
                        .getPaths()
                        .getFirst()
                        .getPath())
                .isEqualTo(plain);
    }

    @Test
    void withoutTlsTheUrlIsPlainHttpAndTheConditionWarns() {
        String ns = namespace();
        create(
                ns,
                "plain",
                withExposure(
                        "plain",
                        new Exposure(
                                new IngressExposure("hooks.example.com", null, "/stripe/plain", null, null), null)));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(get(ns, "plain").getStatus().url()).isEqualTo("http://hooks.example.com/stripe/plain");
            EndpointCondition exposed =
                    condition(get(ns, "plain").getStatus().conditions(), EndpointConditions.EXPOSED);
            assertThat(exposed.getReason()).isEqualTo("IngressWithoutTLS");
            assertThat(exposed.getMessage()).contains("Stripe refuses plain-HTTP endpoints in live mode");
            assertThat(webhookPath(ns, "plain")).isEqualTo("/stripe/plain");
        });
        assertThat(ingress(ns, "plain").getSpec().getTls()).isNullOrEmpty();
    }

    @Test
    void removingTheExposureDeletesTheIngressAndRestoresTheInClusterUrl() {
        String ns = namespace();
        create(
                ns,
                "gone",
                withExposure(
                        "gone",
                        new Exposure(
                                new IngressExposure("gone.example.com", null, null, new IngressTls("tls"), null),
                                null)));
        await().atMost(WAIT).until(() -> ingress(ns, "gone") != null);

        update(ns, "gone", s -> withExposure(s, null));

        await().atMost(WAIT).until(() -> ingress(ns, "gone") == null);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(webhookPath(ns, "gone")).isEqualTo("/webhooks/stripe");
            assertThat(get(ns, "gone").getStatus().url())
                    .isEqualTo("http://gone-stripe-receiver." + ns + ".svc:8080/webhooks/stripe");
            assertThat(condition(get(ns, "gone").getStatus().conditions(), EndpointConditions.EXPOSED)
                            .getReason())
                    .isEqualTo("NotConfigured");
        });
    }

    @Test
    void aSecondEndpointAskingForTheSameHostAndPathIsRefusedNotMerged() {
        String first = namespace();
        String second = namespace();
        Exposure shared = new Exposure(
                new IngressExposure("shared.example.com", null, "/stripe", new IngressTls("tls"), null), null);
        create(first, "owner", withExposure("owner", shared));
        await().atMost(WAIT).until(() -> ingress(first, "owner") != null);

        create(second, "intruder", withExposure("intruder", shared));

        await().atMost(WAIT).untilAsserted(() -> {
            EndpointCondition exposed =
                    condition(get(second, "intruder").getStatus().conditions(), EndpointConditions.EXPOSED);
            assertThat(exposed.getStatus()).isEqualTo("False");
            assertThat(exposed.getReason()).isEqualTo("PathConflict");
            assertThat(exposed.getMessage())
                    .contains("shared.example.com")
                    .contains("/stripe")
                    .contains(first + "/owner");
            EndpointCondition ready =
                    condition(get(second, "intruder").getStatus().conditions(), EndpointConditions.READY);
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).as("Ready names the cause").isEqualTo("PathConflict");
        });
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(env.reads.events(second, "intruder"))
                        .filteredOn(e -> "PathConflict".equals(e.getReason()))
                        .singleElement()
                        .satisfies(e -> {
                            assertThat(e.getType()).isEqualTo("Warning");
                            assertThat(e.getMessage())
                                    .contains("shared.example.com")
                                    .contains(first + "/owner");
                        }));
        assertThat(ingress(second, "intruder")).isNull();
        assertThat(ingress(first, "owner")
                        .getSpec()
                        .getRules()
                        .getFirst()
                        .getHttp()
                        .getPaths()
                        .getFirst()
                        .getBackend()
                        .getService()
                        .getName())
                .isEqualTo("owner-stripe-receiver");
        assertThat(condition(get(first, "owner").getStatus().conditions(), EndpointConditions.EXPOSED)
                        .getStatus())
                .isEqualTo("True");

        // once the holder is gone (the cluster's garbage collector removes its Ingress), the other takes over
        client.resources(StripeWebhookEndpoint.class)
                .inNamespace(first)
                .withName("owner")
                .delete();
        await().atMost(GARBAGE_COLLECTED).until(() -> ingress(first, "owner") == null);
        await().atMost(WAIT).until(() -> ingress(second, "intruder") != null);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(
                                condition(get(second, "intruder").getStatus().conditions(), EndpointConditions.EXPOSED)
                                        .getStatus())
                        .isEqualTo("True"));
    }

    @Test
    void anHttpRouteWithoutTheGatewayApiIsReportedInsteadOfFailing() {
        String ns = namespace();
        create(
                ns,
                "gw",
                withExposure(
                        "gw",
                        new Exposure(
                                null,
                                new HttpRouteExposure(
                                        List.of(new ParentRef("public", "gateways", null)),
                                        List.of("hooks.example.com"),
                                        null))));

        await().atMost(WAIT).untilAsserted(() -> {
            StripeWebhookEndpoint endpoint = get(ns, "gw");
            EndpointCondition exposed = condition(endpoint.getStatus().conditions(), EndpointConditions.EXPOSED);
            assertThat(exposed.getStatus()).isEqualTo("False");
            assertThat(exposed.getReason()).isEqualTo("GatewayAPINotInstalled");
            assertThat(endpoint.getStatus().observedGeneration())
                    .isEqualTo(endpoint.getMetadata().getGeneration());
            assertThat(env.reads.receiverDeployment(ns, "gw")).isNotNull();
        });
    }

    @Test
    void theEndpointsOfANamespaceShareOneNetworkPolicyThatAdmitsOnlyTheReceiverPort() {
        // given one endpoint
        String ns = namespace();
        create(ns, "np", Fixtures.spec("np"));

        // then its namespace has the receivers' policy, which selects its pods and belongs to no endpoint
        NetworkPolicy policy = await().atMost(WAIT).until(() -> networkPolicy(ns), p -> p != null);
        Deployment deployment =
                await().atMost(WAIT).until(() -> env.reads.receiverDeployment(ns, "np"), d -> d != null);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress())
                .singleElement()
                .satisfies(rule -> assertThat(rule.getPorts()).singleElement().satisfies(port -> {
                    assertThat(port.getPort().getIntVal()).isEqualTo(8080);
                    assertThat(port.getProtocol()).isEqualTo("TCP");
                }));
        assertThat(policy.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(client.network()
                        .v1()
                        .networkPolicies()
                        .inNamespace(ns)
                        .list()
                        .getItems())
                .singleElement();

        // when a second endpoint joins, Ready
        create(ns, "np2", Fixtures.spec("np2"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(
                                condition(get(ns, "np2").getStatus().conditions(), EndpointConditions.READY)
                                        .getStatus())
                        .isEqualTo("True"));

        // then it found the policy as desired and wrote nothing to it; its pods are selected too
        assertThat(networkPolicy(ns).getMetadata().getResourceVersion())
                .isEqualTo(policy.getMetadata().getResourceVersion());
        assertThat(env.reads
                        .receiverDeployment(ns, "np2")
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels())
                .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());

        // when someone deletes the policy, the endpoints put it back
        client.resource(networkPolicy(ns)).withTimeout(10, TimeUnit.SECONDS).delete();
        await().atMost(WAIT)
                .until(
                        () -> networkPolicy(ns),
                        p -> p != null
                                && !p.getMetadata()
                                        .getUid()
                                        .equals(policy.getMetadata().getUid()));

        // when the first endpoint goes, the policy stays for the second
        deleteEndpoint(ns, "np");
        assertThat(networkPolicy(ns)).isNotNull();

        // and when the last goes, it goes too
        deleteEndpoint(ns, "np2");
        await().atMost(WAIT).until(() -> networkPolicy(ns) == null);
    }

    @Test
    void aDisruptionBudgetExistsOnlyWithMoreThanOneReplica() {
        String ns = namespace();
        create(ns, "pdb", Fixtures.spec("pdb"));

        PodDisruptionBudget budget = await().atMost(WAIT).until(() -> pdb(ns, "pdb"), b -> b != null);
        // The budget may come before the Deployment: they are independent dependents, reconciled in parallel.
        Deployment deployment =
                await().atMost(WAIT).until(() -> env.reads.receiverDeployment(ns, "pdb"), d -> d != null);
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());

        update(ns, "pdb", s -> withReceiver(s, new ReceiverSpec(1, null, null, null, null, null, null, null)));

        await().atMost(WAIT).until(() -> pdb(ns, "pdb") == null);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(env.reads
                                .receiverDeployment(ns, "pdb")
                                .getSpec()
                                .getReplicas())
                        .isEqualTo(1));
    }

    @Test
    void anAutoscalerTakesOverTheReplicaCount() {
        String ns = namespace();
        create(ns, "hpa", Fixtures.spec("hpa"));
        await().atMost(WAIT).until(() -> env.reads.receiverDeployment(ns, "hpa") != null);

        // a fixed count is pinned: a change made elsewhere is undone
        scale(ns, "hpa", 4);
        await().atMost(WAIT)
                .until(() -> env.reads.receiverDeployment(ns, "hpa").getSpec().getReplicas() == 2);

        update(
                ns,
                "hpa",
                s -> withReceiver(
                        s, new ReceiverSpec(null, null, null, null, null, new Autoscaling(3, 6, 60), null, null)));
        HorizontalPodAutoscaler hpa = await().atMost(WAIT).until(() -> hpa(ns, "hpa"), h -> h != null);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("hpa-stripe-receiver");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(m -> {
            assertThat(m.getResource().getName()).isEqualTo("cpu");
            assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(60);
        });
        assertThat(pdb(ns, "hpa")).isNotNull();

        // the autoscaler's count stays, also across a later spec change that rewrites the Deployment
        scale(ns, "hpa", 5);
        update(
                ns,
                "hpa",
                s -> new StripeWebhookEndpointSpec(
                        s.signingSecret(),
                        s.livemode(),
                        List.of("charge.*"),
                        s.database(),
                        s.sink(),
                        s.reconciliation(),
                        s.receiver(),
                        s.exposure()));
        await().atMost(WAIT)
                .until(() -> "charge.*".equals(envValues(container(ns, "hpa")).get("ENABLED_EVENTS")));
        assertThat(env.reads.receiverDeployment(ns, "hpa").getSpec().getReplicas())
                .isEqualTo(5);

        update(ns, "hpa", s -> withReceiver(s, new ReceiverSpec(2, null, null, null, null, null, null, null)));
        await().atMost(WAIT).until(() -> hpa(ns, "hpa") == null);
        await().atMost(WAIT)
                .until(() -> env.reads.receiverDeployment(ns, "hpa").getSpec().getReplicas() == 2);
    }

    static StripeWebhookEndpointSpec withExposure(String name, Exposure exposure) {
        return withExposure(Fixtures.spec(name), exposure);
    }

    static StripeWebhookEndpointSpec withExposure(StripeWebhookEndpointSpec s, Exposure exposure) {
        return new StripeWebhookEndpointSpec(
                s.signingSecret(),
                s.livemode(),
                s.enabledEvents(),
                s.database(),
                s.sink(),
                s.reconciliation(),
                s.receiver(),
                exposure);
    }

    private static StripeWebhookEndpointSpec withReceiver(StripeWebhookEndpointSpec s, ReceiverSpec receiver) {
        return new StripeWebhookEndpointSpec(
                s.signingSecret(),
                s.livemode(),
                s.enabledEvents(),
                s.database(),
                s.sink(),
                s.reconciliation(),
                receiver,
                s.exposure());
    }

    private static void create(String ns, String name, StripeWebhookEndpointSpec spec) {
        // Endpoints of one namespace share the database Secret.
        Fixtures.userSecrets(ns, name, Fixtures.WHSEC)
                .forEach(s -> client.resource(s).createOr(NonDeletingOperation::update));
        client.resource(Fixtures.endpoint(ns, name, spec)).create();
    }

    private static void update(
            String ns, String name, java.util.function.UnaryOperator<StripeWebhookEndpointSpec> change) {
        Fixtures.updateSpec(client, ns, name, change);
    }

    private static void scale(String ns, String name, int replicas) {
        Fixtures.modify(
                client,
                Deployment.class,
                ns,
                name + "-stripe-receiver",
                d -> d.getSpec().setReplicas(replicas),
                false);
    }

    private static String namespace() {
        return env.namespace();
    }

    /** The endpoint, once the operator has written its status. */
    private static StripeWebhookEndpoint get(String ns, String name) {
        StripeWebhookEndpoint endpoint = env.reads.endpoint(ns, name);
        assertThat(endpoint.getStatus()).as("status of %s/%s", ns, name).isNotNull();
        return endpoint;
    }

    private static io.fabric8.kubernetes.api.model.Container container(String ns, String name) {
        return env.reads
                .receiverDeployment(ns, name)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst();
    }

    private static String webhookPath(String ns, String name) {
        Deployment deployment = env.reads.receiverDeployment(ns, name);
        return deployment == null ? null : envValues(container(ns, name)).get("WEBHOOK_PATH");
    }

    private static Ingress ingress(String ns, String name) {
        return client.network()
                .v1()
                .ingresses()
                .inNamespace(ns)
                .withName(name + "-stripe-receiver")
                .get();
    }

    private static NetworkPolicy networkPolicy(String ns) {
        return client.network()
                .v1()
                .networkPolicies()
                .inNamespace(ns)
                .withName("stripe-webhook-receivers")
                .get();
    }

    /** Deletes the endpoint and waits until it is gone: its finalizer removed, so its cleanup has run. */
    private static void deleteEndpoint(String ns, String name) {
        var endpoint =
                client.resources(StripeWebhookEndpoint.class).inNamespace(ns).withName(name);
        endpoint.delete();
        endpoint.waitUntilCondition(java.util.Objects::isNull, WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static PodDisruptionBudget pdb(String ns, String name) {
        return client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(ns)
                .withName(name + "-stripe-receiver")
                .get();
    }

    private static HorizontalPodAutoscaler hpa(String ns, String name) {
        return client.autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(ns)
                .withName(name + "-stripe-receiver")
                .get();
    }
}
