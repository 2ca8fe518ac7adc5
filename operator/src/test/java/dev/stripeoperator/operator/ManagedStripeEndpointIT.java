package dev.stripeoperator.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import com.stripe.param.WebhookEndpointCreateParams;
import com.sun.net.httpserver.HttpServer;
import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.ReceiverSetting;
import dev.stripeoperator.contract.SigningSecretFiles;
import dev.stripeoperator.localcluster.AuditEvent;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.operator.endpoint.DatabaseSpec;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.IngressExposure;
import dev.stripeoperator.operator.endpoint.IngressTls;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.SigningSecret;
import dev.stripeoperator.operator.endpoint.StripeManagement;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.standin.Deliveries;
import dev.stripeoperator.standin.StripeError;
import dev.stripeoperator.standin.StripeStandIn;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Managed Stripe endpoints (spec.stripe.manage), the operator on the local control plane registering them in the
 * Stripe stand-in: create, spec sync, adoption after a restore, deletion with the finalizer (also when Stripe answers
 * 404), Stripe's errors as conditions, and a full automatic rotation with both Stripe endpoints delivering.
 */
@ExtendWith(LocalClusterExtension.class)
class ManagedStripeEndpointIT {

    private static final String WRITE_KEY = "rk_test_51ManagedWriteKey0001";
    private static final String READ_KEY = "rk_test_51ManagedReadKey00001";
    private static final String LIMITED_KEY = "rk_test_51ManagedLimitedKey01";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The operator's and Stripe's clock: a rotation falls due when the test moves it. */
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    private static final Receiver RECEIVER = new Receiver();
    private static final StripeStandIn STRIPE = stripe();

    // Extensions stop in reverse order: the operator, which deletes the endpoints in Stripe, before Stripe.
    @RegisterExtension
    @Order(1)
    static final AfterAllCallback STOP_STRIPE = context -> {
        STRIPE.close();
        RECEIVER.server.stop(0);
    };

    @RegisterExtension
    @Order(2)
    static final RunningOperator OPERATOR =
            new RunningOperator("managed", 8, CLOCK, Map.of("STRIPE_API_BASE", STRIPE.baseUrl()));

    private static StripeStandIn stripe() {
        try {
            return StripeStandIn.start(
                    Map.of(
                            WRITE_KEY,
                            StripeStandIn.Access.WRITE,
                            LIMITED_KEY,
                            StripeStandIn.Access.WRITE,
                            READ_KEY,
                            StripeStandIn.Access.READ),
                    url -> URI.create(
                            "http://127.0.0.1:" + RECEIVER.server.getAddress().getPort() + url.getRawPath()),
                    CLOCK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void registersTheStripeEndpointStoresItsSecretAndKeepsUrlAndEventsInSync() {
        String ns = OPERATOR.namespace();
        create(ns, "billing", spec("a.example.com", List.of("invoice.paid", "checkout.session.*"), null), WRITE_KEY);

        JsonObject registered = await().atMost(WAIT)
                .until(() -> stripeEndpoints(ns), list -> list.size() == 1)
                .getFirst();
        String id = registered.get("id").getAsString();
        assertThat(registered.get("url").getAsString())
                .isEqualTo("https://a.example.com/webhooks/stripe/" + ns + "/billing");
        assertThat(strings(registered, "enabled_events"))
                .contains("invoice.paid", "checkout.session.completed", "checkout.session.expired")
                .noneMatch(type -> type.startsWith("customer."));
        assertThat(registered.getAsJsonObject("metadata").asMap())
                .containsOnlyKeys("managed_by", "kubernetes_namespace", "kubernetes_name");
        assertThat(registered.get("api_version").getAsString()).isEqualTo(com.stripe.Stripe.API_VERSION);

        Secret signing = await().atMost(WAIT).until(() -> signingSecret(ns, "billing"), s -> s != null);
        String secret = STRIPE.secretsOf(id).getFirst();
        assertThat(Fixtures.decode(signing.getData().get(SigningSecretFiles.CURRENT)))
                .isEqualTo(secret);
        assertThat(signing.getMetadata().getAnnotations()).containsEntry(KubernetesApi.STRIPE_ENDPOINT_ANNOTATION, id);
        StripeWebhookEndpointStatus status =
                await().atMost(WAIT).until(() -> status(ns, "billing"), s -> s != null && s.stripe() != null);
        assertThat(status.stripe().endpointId()).isEqualTo(id);
        assertThat(status.stripe().state()).isEqualTo("enabled");
        assertThat(condition(status, "StripeRegistered"))
                .extracting(EndpointCondition::getStatus, EndpointCondition::getReason)
                .containsExactly("True", "Registered");
        assertThat(Serialization.asJson(OPERATOR.client()
                        .resources(StripeWebhookEndpoint.class)
                        .inNamespace(ns)
                        .withName("billing")
                        .get()))
                .doesNotContain(secret)
                .doesNotContain(WRITE_KEY);

        Fixtures.updateSpec(
                OPERATOR.client(),
                ns,
                "billing",
                s -> keyed(
                        spec("b.example.com", List.of("charge.refunded"), null),
                        s.stripe().apiKeySecretRef().name()));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(stripeEndpoints(ns))
                        .singleElement()
                        .satisfies(e -> {
                            assertThat(e.get("id").getAsString()).isEqualTo(id);
                            assertThat(e.get("url").getAsString())
                                    .isEqualTo("https://b.example.com/webhooks/stripe/" + ns + "/billing");
                            assertThat(strings(e, "enabled_events")).containsExactly("charge.refunded");
                        }));
        assertThat(Fixtures.decode(signingSecret(ns, "billing").getData().get(SigningSecretFiles.CURRENT)))
                .isEqualTo(secret);
    }

    @Test
    void adoptsItsOwnEndpointAfterARestoreReplacesOneWhoseSecretIsLostAndNeverTouchesOthers() throws Exception {
        String ns = OPERATOR.namespace();
        StripeClient stripe = StripeClient.builder()
                .setApiKey(WRITE_KEY)
                .setApiBase(STRIPE.baseUrl())
                .build();
        String neighbour = stripe.v1()
                .webhookEndpoints()
                .create(WebhookEndpointCreateParams.builder()
                        .setUrl("https://c.example.com/other")
                        .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.ALL)
                        .putMetadata("managed_by", KubernetesApi.OPERATOR)
                        .putMetadata("kubernetes_namespace", ns)
                        .putMetadata("kubernetes_name", "another")
                        .build())
                .getId();
        String unmanaged = stripe.v1()
                .webhookEndpoints()
                .create(WebhookEndpointCreateParams.builder()
                        .setUrl("https://c.example.com/restored")
                        .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.ALL)
                        .build())
                .getId();
        create(ns, "restored", spec("c.example.com", List.of("invoice.paid"), null), WRITE_KEY);
        String id = await().atMost(WAIT).until(() -> endpointId(ns, "restored"), v -> v != null);

        // A restore brings the resource back without its status, and the operator starts over: it finds its endpoint.
        Fixtures.modify(OPERATOR.client(), StripeWebhookEndpoint.class, ns, "restored", e -> e.setStatus(null), true);
        touch(ns);
        await().atMost(WAIT).until(() -> id.equals(endpointId(ns, "restored")));
        assertThat(stripeEndpoints(ns))
                .extracting(e -> e.get("id").getAsString())
                .containsExactly(id);

        // Without the signing Secret its secret is gone for good: a new endpoint replaces it.
        OPERATOR.client().secrets().inNamespace(ns).withName("restored-signing").delete();
        String replacement =
                await().atMost(WAIT).until(() -> endpointId(ns, "restored"), v -> v != null && !v.equals(id));
        await().atMost(WAIT).until(() -> STRIPE.endpoint(id).isEmpty());
        Secret signing = await().atMost(WAIT).until(() -> signingSecret(ns, "restored"), s -> s != null);
        assertThat(Fixtures.decode(signing.getData().get(SigningSecretFiles.CURRENT)))
                .isEqualTo(STRIPE.secretsOf(replacement).getFirst());
        assertThat(STRIPE.endpoint(neighbour)).isPresent();
        assertThat(STRIPE.endpoint(unmanaged)).isPresent();
    }

    @Test
    void deletingTheResourceDeletesItsStripeEndpointEvenWhenStripeAnswers404() {
        String ns = OPERATOR.namespace();
        create(ns, "kept", spec("d.example.com", List.of("invoice.paid"), null), WRITE_KEY);
        create(ns, "vanished", spec("d.example.com", List.of("invoice.paid"), null), WRITE_KEY);
        String kept = await().atMost(WAIT).until(() -> endpointId(ns, "kept"), v -> v != null);
        String vanished = await().atMost(WAIT).until(() -> endpointId(ns, "vanished"), v -> v != null);
        assertThat(OPERATOR.client()
                        .resources(StripeWebhookEndpoint.class)
                        .inNamespace(ns)
                        .withName("kept")
                        .get()
                        .getMetadata()
                        .getFinalizers())
                .hasSize(1);

        STRIPE.deleteBehindTheBack(vanished);
        long deletes = deletesAnswered(404);
        OPERATOR.client()
                .resources(StripeWebhookEndpoint.class)
                .inNamespace(ns)
                .withName("vanished")
                .delete();
        OPERATOR.client()
                .resources(StripeWebhookEndpoint.class)
                .inNamespace(ns)
                .withName("kept")
                .delete();

        await().atMost(WAIT)
                .until(() -> OPERATOR.client()
                        .resources(StripeWebhookEndpoint.class)
                        .inNamespace(ns)
                        .list()
                        .getItems()
                        .isEmpty());
        assertThat(STRIPE.endpoint(kept)).isEmpty();
        assertThat(stripeEndpoints(ns)).isEmpty();
        assertThat(deletesAnswered(404)).isGreaterThan(deletes);
        // The chart grants patch on the resource for the finalizer, and nothing else: adding and removing it is a
        // PATCH.
        assertThat(OPERATOR.environment().operatorRequests().stream()
                        .filter(e -> e.namespace().equals(ns)
                                && e.resource().equals("stripewebhookendpoints")
                                && e.subresource().isEmpty()
                                && e.isWrite())
                        .map(AuditEvent::verb)
                        .distinct()
                        .toList())
                .containsExactly("patch");
    }

    @Test
    void stripesErrorsAreConditionsWithReasonsAndTheEndpointRecovers() {
        String ns = OPERATOR.namespace();
        create(ns, "badkey", spec("e.example.com", List.of("invoice.paid"), null), "rk_test_51NoSuchKeyAtAll00000");
        create(ns, "readonly", spec("e.example.com", List.of("invoice.paid"), null), READ_KEY);
        create(ns, "unknown", spec("e.example.com", List.of("nosuch.event"), null), WRITE_KEY);
        StripeWebhookEndpointSpec plain = spec("e.example.com", List.of("invoice.paid"), null);
        create(
                ns,
                "plain",
                new StripeWebhookEndpointSpec(
                        plain.signingSecret(),
                        null,
                        plain.enabledEvents(),
                        plain.database(),
                        null,
                        null,
                        null,
                        null,
                        plain.stripe()),
                WRITE_KEY);

        assertReason(ns, "badkey", "Unauthorized", "HTTP 401");
        assertReason(ns, "readonly", "Forbidden", "HTTP 403");
        assertReason(ns, "unknown", "InvalidEnabledEvents", "nosuch.event");
        assertReason(ns, "plain", "URLNotHTTPS", "https");
        for (String name : List.of("badkey", "readonly", "unknown", "plain")) {
            StripeWebhookEndpointStatus status = status(ns, name);
            assertThat(condition(status, "Ready").getReason())
                    .isEqualTo(condition(status, "StripeRegistered").getReason());
            assertThat(signingSecret(ns, name))
                    .as("no signing Secret without a Stripe secret")
                    .isNull();
            assertThat(Serialization.asJson(status)).doesNotContain("rk_test_51NoSuchKeyAtAll");
        }
        assertThat(stripeEndpoints(ns)).isEmpty();

        // Aimed at the new endpoint's own key: the other endpoints keep retrying with theirs.
        STRIPE.failNext(
                "POST", LIMITED_KEY, 1, StripeError.invalid("url", "Invalid URL: the stand-in refuses it this once"));
        STRIPE.failNext("POST", LIMITED_KEY, 2, StripeError.rateLimited());
        create(ns, "limited", spec("e.example.com", List.of("invoice.paid"), null), LIMITED_KEY);

        await().atMost(Duration.ofSeconds(60)).until(() -> endpointId(ns, "limited") != null);
        assertThat(condition(status(ns, "limited"), "StripeRegistered").getReason())
                .isEqualTo("Registered");
        // The refusals are transient conditions, possibly gone before a poll sees them; their Events stay.
        assertThat(STRIPE.handled().stream().filter(h -> h.method().equals("POST") && h.status() == 429))
                .hasSize(2);
        assertThat(OPERATOR.reads().events(ns, "limited"))
                .filteredOn(e -> e.getType().equals("Warning"))
                .extracting(io.fabric8.kubernetes.api.model.Event::getReason)
                .contains("RateLimited");
    }

    @Test
    void theBackfillOfAManagedEndpointReadsTheStripeEndpointTheOperatorRegistered() {
        String ns = OPERATOR.namespace();
        StripeWebhookEndpointSpec managed = spec("g.example.com", List.of("invoice.paid"), null);
        OPERATOR.client()
                .resource(Fixtures.secret(ns, "stripe-readonly-key", Map.of("key", Fixtures.API_KEY)))
                .create();
        create(
                ns,
                "scoped",
                new StripeWebhookEndpointSpec(
                        managed.signingSecret(),
                        managed.livemode(),
                        null,
                        managed.database(),
                        managed.sink(),
                        new Reconciliation(
                                Fixtures.SCHEDULE,
                                "26h",
                                new SecretKeyRef("stripe-readonly-key", "key"),
                                null,
                                null,
                                null),
                        managed.receiver(),
                        managed.exposure(),
                        managed.stripe()),
                WRITE_KEY);

        String id = await().atMost(WAIT).until(() -> endpointId(ns, "scoped"), v -> v != null);

        await().atMost(WAIT).untilAsserted(() -> {
            CronJob cronJob = OPERATOR.reads().reconcileCronJob(ns, "scoped");
            assertThat(cronJob).isNotNull();
            assertThat(cronJob.getSpec()
                            .getJobTemplate()
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .getFirst()
                            .getEnv())
                    .as("no enabledEvents in the spec, yet the runs know the Stripe endpoint's types")
                    .anySatisfy(env -> assertThat(List.of(env.getName(), String.valueOf(env.getValue())))
                            .containsExactly(ReceiverSetting.STRIPE_ENDPOINT_ID.name(), id))
                    .as("the runs list events from the Stripe API the operator registered the endpoint in")
                    .anySatisfy(env -> assertThat(List.of(env.getName(), String.valueOf(env.getValue())))
                            .containsExactly(ReceiverSetting.STRIPE_API_BASE.name(), STRIPE.baseUrl()));
            assertThat(condition(status(ns, "scoped"), "ReconciliationScoped"))
                    .extracting(EndpointCondition::getStatus, EndpointCondition::getMessage)
                    .satisfies(c -> assertThat(c.get(0)).isEqualTo("True"))
                    .satisfies(c -> assertThat((String) c.get(1)).contains(id));
        });
    }

    @Test
    void anAutomaticRotationRegistersASecondEndpointBothDeliverAndTheOldOneGoesAfterTheGrace() throws Exception {
        String ns = OPERATOR.namespace();
        RECEIVER.namespace = ns;
        create(ns, "rotating", spec("f.example.com", List.of("invoice.paid"), "1h"), WRITE_KEY);
        String first = await().atMost(WAIT).until(() -> endpointId(ns, "rotating"), v -> v != null);
        String firstSecret = STRIPE.secretsOf(first).getFirst();
        Instant nextRotation = Instant.parse(status(ns, "rotating").stripe().nextRotationAt());
        assertThat(nextRotation)
                .isEqualTo(Instant.ofEpochSecond(STRIPE.endpoint(first)
                                .orElseThrow()
                                .get("created")
                                .getAsLong())
                        .plus(Duration.ofHours(1)));

        CLOCK.advance(Duration.ofHours(1));
        touch(ns);

        String second =
                await().atMost(WAIT).until(() -> endpointId(ns, "rotating"), v -> v != null && !v.equals(first));
        StripeWebhookEndpointStatus rotating = status(ns, "rotating");
        assertThat(rotating.stripe().previousEndpointId()).isEqualTo(first);
        assertThat(condition(rotating, "StripeRegistered").getReason()).isEqualTo("Rotating");
        assertThat(stripeEndpoints(ns))
                .extracting(e -> e.get("id").getAsString())
                .containsExactlyInAnyOrder(first, second);
        Secret signing = await().atMost(WAIT)
                .until(() -> signingSecret(ns, "rotating"), s -> s.getData().containsKey(SigningSecretFiles.PREVIOUS));
        assertThat(Fixtures.decode(signing.getData().get(SigningSecretFiles.CURRENT)))
                .isEqualTo(STRIPE.secretsOf(second).getFirst());
        assertThat(Fixtures.decode(signing.getData().get(SigningSecretFiles.PREVIOUS)))
                .isEqualTo(firstSecret);
        assertThat(signing.getMetadata().getAnnotations())
                .containsEntry(KubernetesApi.STRIPE_ENDPOINT_ANNOTATION, second)
                .containsEntry(KubernetesApi.PREVIOUS_STRIPE_ENDPOINT_ANNOTATION, first);

        // Both Stripe endpoints deliver the event, each signed with its own secret; the receiver accepts both.
        String during = STRIPE.send("invoice.paid", new JsonObject());
        await().atMost(WAIT).until(() -> acknowledgedBy(during).equals(Set.of(first, second)));

        CLOCK.advance(Duration.ofMinutes(10).plusSeconds(1));
        touch(ns);

        await().atMost(WAIT).until(() -> STRIPE.endpoint(first).isEmpty());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(signingSecret(ns, "rotating").getData()).containsOnlyKeys(SigningSecretFiles.CURRENT);
            StripeWebhookEndpointStatus done = status(ns, "rotating");
            assertThat(done.stripe().previousEndpointId()).isNull();
            assertThat(condition(done, "StripeRegistered").getReason()).isEqualTo("Registered");
        });
        String after = STRIPE.send("invoice.paid", new JsonObject());
        await().atMost(WAIT).until(() -> acknowledgedBy(after).equals(Set.of(second)));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(OPERATOR.reads().events(ns, "rotating"))
                        .as("kubectl describe tells each step in Stripe")
                        .extracting(
                                io.fabric8.kubernetes.api.model.Event::getReason,
                                io.fabric8.kubernetes.api.model.Event::getMessage)
                        .anySatisfy(e -> assertThat(e.toList())
                                .containsExactly(
                                        "StripeEndpointRegistered",
                                        "Stripe endpoint " + first + " delivers here at API version "
                                                + status(ns, "rotating")
                                                        .stripe()
                                                        .apiVersion()))
                        .anySatisfy(e -> assertThat(e.toList().get(0)).isEqualTo("StripeRotationStarted"))
                        .anySatisfy(e -> assertThat(e.toList())
                                .containsExactly(
                                        "StripeEndpointReplaced",
                                        "deleted Stripe endpoint " + first + "; only " + second + " delivers")));
    }

    @Test
    void theApiServerSaysWhichSigningSecretSourceIsRequiredWhen() {
        String ns = OPERATOR.namespace();
        StripeWebhookEndpointSpec managed = spec("g.example.com", List.of("invoice.paid"), "720h");
        StripeWebhookEndpointSpec neither = new StripeWebhookEndpointSpec(
                new SigningSecret(null, "1h"), null, null, managed.database(), null, null, null, null, null);
        StripeWebhookEndpointSpec userRotating = new StripeWebhookEndpointSpec(
                new SigningSecret(new SecretKeyRef("g-whsec", "whsec"), "1h", "720h"),
                null,
                null,
                managed.database(),
                null,
                null,
                null,
                null,
                null);

        assertThatThrownBy(() -> OPERATOR.client()
                        .resource(Fixtures.endpoint(ns, "neither", neither))
                        .create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage())
                            .contains("signingSecret.secretRef is required unless stripe.manage is true");
                });
        assertThatThrownBy(() -> OPERATOR.client()
                        .resource(Fixtures.endpoint(ns, "user", userRotating))
                        .create())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getMessage())
                                .contains("signingSecret.rotateEvery needs stripe.manage: true"));
        assertThat(OPERATOR.client()
                        .resource(Fixtures.endpoint(ns, "managed", managed))
                        .create())
                .isNotNull();
    }

    /** A managed endpoint exposed on {@code host} with TLS, the database Secret of {@link Fixtures}; its key: {@link #keyed}. */
    private static StripeWebhookEndpointSpec spec(String host, List<String> events, String rotateEvery) {
        return new StripeWebhookEndpointSpec(
                new SigningSecret(null, "10m", rotateEvery),
                null,
                events,
                new DatabaseSpec(new SecretKeyRef("stripe-events-db", "jdbc-url")),
                null,
                null,
                null,
                new Exposure(new IngressExposure(host, null, null, new IngressTls(host + "-tls"), null), null),
                new StripeManagement(new SecretKeyRef("stripe-webhook-key", "key"), true, null));
    }

    private static void create(String ns, String name, StripeWebhookEndpointSpec spec, String apiKey) {
        KubernetesClient client = OPERATOR.client();
        client.resource(Fixtures.secret(ns, "stripe-events-db", Map.of("jdbc-url", Fixtures.JDBC_URL)))
                .forceConflicts()
                .serverSideApply();
        client.resource(Fixtures.secret(ns, name + "-stripe-key", Map.of("key", apiKey)))
                .create();
        client.resource(Fixtures.endpoint(ns, name, keyed(spec, name + "-stripe-key")))
                .create();
    }

    /** The spec with the API key from the Secret {@code secret}, key {@code key}. */
    private static StripeWebhookEndpointSpec keyed(StripeWebhookEndpointSpec spec, String secret) {
        return new StripeWebhookEndpointSpec(
                spec.signingSecret(),
                spec.livemode(),
                spec.enabledEvents(),
                spec.database(),
                spec.sink(),
                spec.reconciliation(),
                spec.receiver(),
                spec.exposure(),
                new StripeManagement(new SecretKeyRef(secret, "key"), true, null));
    }

    /** Changes a label of every API key Secret of the namespace: the operator reconciles their endpoints. */
    private static void touch(String ns) {
        String value = String.valueOf(System.nanoTime());
        OPERATOR.client().secrets().inNamespace(ns).list().getItems().stream()
                .filter(s -> s.getMetadata().getName().endsWith("-stripe-key"))
                .forEach(s -> OPERATOR.client()
                        .secrets()
                        .inNamespace(ns)
                        .withName(s.getMetadata().getName())
                        .edit(secret -> {
                            secret.getMetadata().setLabels(Map.of("touched", value));
                            return secret;
                        }));
    }

    private static void assertReason(String ns, String name, String reason, String inMessage) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            EndpointCondition condition = condition(status(ns, name), "StripeRegistered");
            assertThat(condition.getStatus()).isEqualTo("False");
            assertThat(condition.getReason()).isEqualTo(reason);
            assertThat(condition.getMessage()).contains(inMessage);
        });
    }

    private static List<JsonObject> stripeEndpoints(String ns) {
        return STRIPE.endpoints().stream()
                .filter(e -> e.getAsJsonObject("metadata").has("kubernetes_namespace")
                        && ns.equals(e.getAsJsonObject("metadata")
                                .get("kubernetes_namespace")
                                .getAsString())
                        && e.get("url").getAsString().contains("/" + ns + "/"))
                .toList();
    }

    private static List<String> strings(JsonObject object, String member) {
        return object.getAsJsonArray(member).asList().stream()
                .map(e -> e.getAsString())
                .toList();
    }

    private static long deletesAnswered(int status) {
        return STRIPE.handled().stream()
                .filter(h -> h.method().equals("DELETE") && h.status() == status)
                .count();
    }

    private static Set<String> acknowledgedBy(String eventId) {
        return STRIPE.attempts().stream()
                .filter(a -> a.eventId().equals(eventId) && a.acknowledged())
                .map(Deliveries.Attempt::endpointId)
                .collect(Collectors.toSet());
    }

    private static StripeWebhookEndpointStatus status(String ns, String name) {
        StripeWebhookEndpoint endpoint = OPERATOR.client()
                .resources(StripeWebhookEndpoint.class)
                .inNamespace(ns)
                .withName(name)
                .get();
        return endpoint == null ? null : endpoint.getStatus();
    }

    private static String endpointId(String ns, String name) {
        StripeWebhookEndpointStatus status = status(ns, name);
        return status == null || status.stripe() == null
                ? null
                : status.stripe().endpointId();
    }

    private static EndpointCondition condition(StripeWebhookEndpointStatus status, String type) {
        return Optional.ofNullable(status)
                .flatMap(s -> s.condition(type))
                .orElseThrow(() -> new AssertionError("no " + type));
    }

    private static Secret signingSecret(String ns, String name) {
        return OPERATOR.client()
                .secrets()
                .inNamespace(ns)
                .withName(name + "-signing")
                .get();
    }

    /**
     * Stands in for the receiver of the rotation test's endpoint: accepts a delivery whose signature one of the signing
     * Secret's current and previous secrets verifies, as the receiver does with its mounted files.
     */
    private static final class Receiver {

        private final HttpServer server;
        private volatile String namespace;

        Receiver() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                try (exchange) {
                    String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(
                            verified(payload, exchange.getRequestHeaders().getFirst("Stripe-Signature")) ? 200 : 400,
                            -1);
                }
            });
            server.start();
        }

        private boolean verified(String payload, String header) {
            Secret signing = namespace == null ? null : signingSecret(namespace, "rotating");
            if (signing == null) {
                return false;
            }
            for (String file : List.of(SigningSecretFiles.CURRENT, SigningSecretFiles.PREVIOUS)) {
                String secret = signing.getData().get(file);
                try {
                    if (secret != null) {
                        Webhook.constructEvent(payload, header, Fixtures.decode(secret));
                        return true;
                    }
                } catch (SignatureVerificationException e) {
                    // The other secret may verify it.
                }
            }
            return false;
        }
    }
}
