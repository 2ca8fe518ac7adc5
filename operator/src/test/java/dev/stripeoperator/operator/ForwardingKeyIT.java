package dev.stripeoperator.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.contract.Fingerprint;
import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.operator.endpoint.FullEventFetch;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.Sink;
import dev.stripeoperator.operator.endpoint.SinkSigning;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.stripeoperator.operator.EndpointReads.envValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The forwarding key Secret on the local control plane: generated, owned, mounted into the receiver, shown by
 * fingerprint, rotated on request with the old key kept for the grace period, and left alone in the steady state;
 * and the sink's other Secrets (bearer token, API key for full events) and the backfill's thin event setting.
 */
@ExtendWith(LocalClusterExtension.class)
class ForwardingKeyIT {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final String SINK = "http://billing-app.payments.svc/internal/stripe-events";

    private static MutableClock clock;
    private static OperatorEnvironment env;
    private static KubernetesClient client;

    @BeforeAll
    static void startOperator(LocalCluster cluster) {
        clock = new MutableClock(START);
        env = OperatorEnvironment.start(cluster, "fwd", 6, clock, Map.of(), List.of());
        client = env.client;
    }

    @AfterAll
    static void stopOperator() {
        env.close();
    }

    @Test
    void aGeneratedKeyIsOwnedMountedAndShownByFingerprintOnly() {
        String ns = env.namespace();
        create(ns, "billing", new Sink(SINK));

        Secret forwarding = await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.secret(ns, "billing-forwarding"), s -> s != null);
        String key = Fixtures.decode(forwarding.getData().get("current"));
        assertThat(key).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(key.substring("whsec_".length()))).hasSize(32);
        assertThat(forwarding.getData()).containsOnlyKeys("current");
        assertThat(forwarding.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/component", "forwarding-key")
                .containsEntry("app.kubernetes.io/managed-by", "stripe-webhook-operator");
        assertThat(forwarding.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> {
                    assertThat(owner.getKind()).isEqualTo("StripeWebhookEndpoint");
                    assertThat(owner.getName()).isEqualTo("billing");
                });

        Deployment deployment = await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.receiverDeployment(ns, "billing"), d -> d != null);
        Container receiver =
                deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(envValues(receiver))
                .containsEntry("FORWARDING_SIGNING_KEYS_DIR", "/etc/stripe/forwarding")
                .doesNotContainKey("SINK_BEARER_TOKEN_FILE");
        assertThat(receiver.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/etc/stripe/forwarding");
            assertThat(mount.getReadOnly()).isTrue();
        });
        assertThat(volumes(deployment)).anySatisfy(volume -> {
            assertThat(volume.getSecret().getSecretName()).isEqualTo("billing-forwarding");
            assertThat(volume.getSecret().getDefaultMode()).isEqualTo(0440);
        });
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(env.reads
                                .endpoint(ns, "billing")
                                .getStatus()
                                .forwardingKey()
                                .current())
                        .isEqualTo(Fingerprint.of(key)));
        assertThat(Serialization.asJson(env.reads.endpoint(ns, "billing"))).doesNotContain(key);
        assertThat(Serialization.asJson(env.reads.receiverDeployment(ns, "billing")))
                .doesNotContain(key);

        // The steady state writes nothing: another reconcile keeps the key and the Secret as they are.
        String version =
                env.reads.secret(ns, "billing-forwarding").getMetadata().getResourceVersion();
        touchUserSecret(ns, "billing");
        await().pollDelay(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(env.reads
                                .secret(ns, "billing-forwarding")
                                .getMetadata()
                                .getResourceVersion())
                        .isEqualTo(version));
    }

    @Test
    void aNewRotationValueBringsANewKeyAndKeepsTheOldOneUntilTheGraceEnds() {
        String ns = env.namespace();
        create(ns, "orders", new Sink(SINK));
        String first = await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.secret(ns, "orders-forwarding"), s -> s != null)
                .getData()
                .get("current");
        await().atMost(Duration.ofSeconds(30)).until(() -> env.reads.receiverDeployment(ns, "orders") != null);
        PodTemplateSpec templateBefore =
                env.reads.receiverDeployment(ns, "orders").getSpec().getTemplate();

        Instant rotatedAt = clock.instant();
        Fixtures.updateSpec(
                client, ns, "orders", spec -> withSink(spec, new Sink(SINK, new SinkSigning("2026-03", "1h"), null)));

        Secret rotated = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> env.reads.secret(ns, "orders-forwarding"),
                        s -> s.getData().containsKey("previous"));
        assertThat(rotated.getData().get("previous")).isEqualTo(first);
        assertThat(rotated.getData().get("current")).isNotEqualTo(first);
        assertThat(Instant.parse(Fixtures.decode(rotated.getData().get("previous-expires-at"))))
                .isBetween(
                        rotatedAt.plus(Duration.ofHours(1)).minusSeconds(1),
                        clock.instant().plus(Duration.ofHours(1)));
        assertThat(rotated.getMetadata().getAnnotations())
                .containsEntry("webhooks.stripe-operator.dev/forwarding-key-rotation", "2026-03");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var status = env.reads.endpoint(ns, "orders").getStatus().forwardingKey();
            assertThat(status.current())
                    .isEqualTo(Fingerprint.of(Fixtures.decode(rotated.getData().get("current"))));
            assertThat(status.previous()).isEqualTo(Fingerprint.of(Fixtures.decode(first)));
            assertThat(status.previousExpiresAt()).isNotNull();
        });
        assertThat(env.reads.receiverDeployment(ns, "orders").getSpec().getTemplate())
                .as("the receiver re-reads the keys, no pod rolls")
                .isEqualTo(templateBefore);

        // The same rotation value again rotates nothing; the clock passing the expiry drops the old key.
        String current = rotated.getData().get("current");
        clock.advance(Duration.ofHours(1).plusSeconds(2));
        touchUserSecret(ns, "orders");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Secret after = env.reads.secret(ns, "orders-forwarding");
            assertThat(after.getData()).containsOnlyKeys("current");
            assertThat(after.getData().get("current")).isEqualTo(current);
        });
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(env.reads
                                .endpoint(ns, "orders")
                                .getStatus()
                                .forwardingKey()
                                .previous())
                        .isNull());
    }

    @Test
    void aBearerTokenSecretIsMountedAsTheFileTheReceiverReads() {
        String ns = env.namespace();
        client.resource(Fixtures.secret(ns, "sink-proxy", Map.of("api-token", "proxy-token-1")))
                .create();
        create(ns, "proxied", new Sink(SINK, null, new SecretKeyRef("sink-proxy", "api-token")));

        Deployment deployment = await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.receiverDeployment(ns, "proxied"), d -> d != null);

        Container receiver =
                deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(envValues(receiver)).containsEntry("SINK_BEARER_TOKEN_FILE", "/etc/stripe/sink/token");
        assertSecretKeyMounted(deployment, "/etc/stripe/sink", "sink-proxy", "api-token", "token");
        assertThat(Serialization.asJson(deployment)).doesNotContain("proxy-token-1");
    }

    @Test
    void theCrdRefusesABearerTokenOverPlainHttpOutsideTheCluster() {
        String ns = env.namespace();
        SecretKeyRef token = new SecretKeyRef("sink-proxy", "api-token");

        for (String uri : List.of(
                "http://billing.example.com/stripe-events",
                "http://10.96.0.12:8080/stripe-events",
                "http://billing-app.payments/stripe-events",
                "http://user:pw@billing-app.payments.svc/stripe-events")) {
            assertThatThrownBy(() -> client.resource(Fixtures.endpoint(
                                    ns, "clear", withSink(Fixtures.spec("clear"), new Sink(uri, null, token))))
                            .create())
                    .as(uri)
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("spec.sink.uri")
                    .hasMessageContaining("the token would cross the network in clear over http://");
        }

        List<Sink> taken = List.of(
                new Sink("https://billing.example.com/stripe-events", null, token),
                new Sink("http://billing-app.payments.svc.cluster.local:8080/stripe-events", null, token),
                new Sink("http://billing-app/stripe-events", null, token),
                new Sink("http://billing.example.com/stripe-events"));
        for (int i = 0; i < taken.size(); i++) {
            String name = "taken-" + i;
            assertThat(client.resource(Fixtures.endpoint(ns, name, withSink(Fixtures.spec(name), taken.get(i))))
                            .create()
                            .getSpec()
                            .sink())
                    .isEqualTo(taken.get(i));
        }
    }

    @Test
    void fetchingFullEventsMountsTheApiKeyAndABackfillOfThinEventsListsThem() {
        String ns = env.namespace();
        Fixtures.userSecrets(ns, "meters", Fixtures.WHSEC)
                .forEach(s -> client.resource(s).create());
        StripeWebhookEndpointSpec spec = Fixtures.spec("meters");
        client.resource(Fixtures.endpoint(
                        ns,
                        "meters",
                        new StripeWebhookEndpointSpec(
                                spec.signingSecret(),
                                spec.livemode(),
                                spec.enabledEvents(),
                                spec.database(),
                                new Sink(
                                        SINK,
                                        null,
                                        null,
                                        new FullEventFetch(new SecretKeyRef("stripe-readonly-key", "key"))),
                                new Reconciliation(
                                        Fixtures.SCHEDULE,
                                        "26h",
                                        new SecretKeyRef("stripe-readonly-key", "key"),
                                        null,
                                        null,
                                        null,
                                        "both"),
                                spec.receiver(),
                                spec.exposure())))
                .create();

        Deployment deployment = await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.receiverDeployment(ns, "meters"), d -> d != null);

        Container receiver =
                deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(envValues(receiver))
                .containsEntry("FORWARDING_FETCH_FULL_EVENT", "true")
                .containsEntry("STRIPE_API_KEY_FILE", "/etc/stripe/api/key");
        assertSecretKeyMounted(deployment, "/etc/stripe/api", "stripe-readonly-key", "key", "key");
        assertThat(Serialization.asJson(deployment)).doesNotContain(Fixtures.API_KEY);
        CronJob cronJob = await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.reconcileCronJob(ns, "meters"), c -> c != null);
        assertThat(envValues(cronJob.getSpec()
                        .getJobTemplate()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()))
                .containsEntry("RECONCILE_EVENT_PAYLOAD", "both");
    }

    @Test
    void withoutASinkTheKeyExistsForTheApplicationButTheReceiverDoesNotMountIt() {
        String ns = env.namespace();
        create(ns, "store-only", null);

        await().atMost(Duration.ofSeconds(30)).until(() -> env.reads.secret(ns, "store-only-forwarding") != null);
        Deployment deployment = await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.receiverDeployment(ns, "store-only"), d -> d != null);

        Container receiver =
                deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(envValues(receiver)).doesNotContainKeys("SINK_URL", "FORWARDING_SIGNING_KEYS_DIR");
        assertThat(volumes(deployment))
                .noneSatisfy(volume -> assertThat(
                                volume.getSecret() == null
                                        ? null
                                        : volume.getSecret().getSecretName())
                        .isEqualTo("store-only-forwarding"));
    }

    /** The receiver mounts, read-only at {@code path}, the key {@code key} of Secret {@code secret} as the file {@code file}. */
    private static void assertSecretKeyMounted(
            Deployment deployment, String path, String secret, String key, String file) {
        Container receiver =
                deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        VolumeMount mount = receiver.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + path));
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(volumes(deployment))
                .filteredOn(volume -> volume.getName().equals(mount.getName()))
                .singleElement()
                .satisfies(volume -> {
                    assertThat(volume.getSecret().getSecretName()).isEqualTo(secret);
                    assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
                        assertThat(item.getKey()).isEqualTo(key);
                        assertThat(item.getPath()).isEqualTo(file);
                    });
                });
    }

    /** A change the operator reconciles for (a referenced Secret's labels), which changes nothing it env.reads. */
    private static void touchUserSecret(String ns, String name) {
        Secret touched = Fixtures.secret(ns, name + "-whsec", Map.of("whsec", Fixtures.WHSEC));
        touched.getMetadata().setLabels(Map.of("touched", String.valueOf(System.nanoTime())));
        client.resource(touched).update();
    }

    private static void create(String ns, String name, Sink sink) {
        Fixtures.userSecrets(ns, name, Fixtures.WHSEC)
                .forEach(s -> client.resource(s).create());
        client.resource(Fixtures.endpoint(ns, name, withSink(Fixtures.spec(name), sink)))
                .create();
    }

    private static StripeWebhookEndpointSpec withSink(StripeWebhookEndpointSpec spec, Sink sink) {
        return new StripeWebhookEndpointSpec(
                spec.signingSecret(),
                spec.livemode(),
                spec.enabledEvents(),
                spec.database(),
                sink,
                spec.reconciliation(),
                spec.receiver(),
                spec.exposure());
    }

    private static List<Volume> volumes(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes();
    }
}
