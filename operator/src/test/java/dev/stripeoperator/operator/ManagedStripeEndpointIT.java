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
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.SigningSecret;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.standin.Deliveries;
import dev.stripeoperator.standin.StripeError;
import dev.stripeoperator.standin.StripeStandIn;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
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
    private static final Duration WAIT = ManagedEndpoints.WAIT;
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

    private static final ManagedEndpoints ENDPOINTS = new ManagedEndpoints(OPERATOR, STRIPE);

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
        ENDPOINTS.create(
                ns,
                "billing",
                ManagedEndpoints.spec("a.example.com", List.of("invoice.paid", "checkout.session.*"), null),
                WRITE_KEY);

        JsonObject registered = await().atMost(WAIT)
                .until(() -> ENDPOINTS.stripeEndpoints(ns), list -> list.size() == 1)
                .getFirst();
        String id = registered.get("id").getAsString();
        assertThat(registered.get("url").getAsString())
                .isEqualTo("https://a.example.com/webhooks/stripe/" + ns + "/billing");
        assertThat(strings(registered, "enabled_events"))
                .contains("invoice.paid", "checkout.session.completed", "checkout.session.expired")
                .noneMatch(type -> type.startsWith("customer."));
        assertThat(registered.getAsJsonObject("metadata").asMap())
                .containsOnlyKeys("managed_by", "kubernetes_cluster", "kubernetes_namespace", "kubernetes_name");
        assertThat(registered
                        .getAsJsonObject("metadata")
                        .get("kubernetes_cluster")
                        .getAsString())
                .as("the installation's identity: without OPERATOR_CLUSTER_NAME, the kube-system namespace's uid")
                .isEqualTo(OPERATOR.client()
                        .namespaces()
                        .withName("kube-system")
                        .get()
                        .getMetadata()
                        .getUid());
        assertThat(registered.get("api_version").getAsString()).isEqualTo(com.stripe.Stripe.API_VERSION);

        Secret signing = await().atMost(WAIT).until(() -> ENDPOINTS.signingSecret(ns, "billing"), s -> s != null);
        String secret = STRIPE.secretsOf(id).getFirst();
        assertThat(Fixtures.decode(signing.getData().get(SigningSecretFiles.CURRENT)))
                .isEqualTo(secret);
        assertThat(signing.getMetadata().getAnnotations()).containsEntry(KubernetesApi.STRIPE_ENDPOINT_ANNOTATION, id);
        StripeWebhookEndpointStatus status =
                await().atMost(WAIT).until(() -> ENDPOINTS.status(ns, "billing"), s -> s != null && s.stripe() != null);
        assertThat(status.stripe().endpointId()).isEqualTo(id);
        assertThat(status.stripe().state()).isEqualTo("enabled");
        assertThat(ManagedEndpoints.condition(status, "StripeRegistered"))
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
                s -> ManagedEndpoints.keyed(
                        ManagedEndpoints.spec("b.example.com", List.of("charge.refunded"), null),
                        s.stripe().apiKeySecretRef().name()));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(ENDPOINTS.stripeEndpoints(ns))
                        .singleElement()
                        .satisfies(e -> {
                            assertThat(e.get("id").getAsString()).isEqualTo(id);
                            assertThat(e.get("url").getAsString())
                                    .isEqualTo("https://b.example.com/webhooks/stripe/" + ns + "/billing");
                            assertThat(strings(e, "enabled_events")).containsExactly("charge.refunded");
                        }));
        assertThat(Fixtures.decode(
                        ENDPOINTS.signingSecret(ns, "billing").getData().get(SigningSecretFiles.CURRENT)))
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
        ENDPOINTS.create(
                ns, "restored", ManagedEndpoints.spec("c.example.com", List.of("invoice.paid"), null), WRITE_KEY);
        String id = await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(ns, "restored"), v -> v != null);

        // A restore brings the resource back without its status, and the operator starts over: it finds its endpoint.
        Fixtures.modify(OPERATOR.client(), StripeWebhookEndpoint.class, ns, "restored", e -> e.setStatus(null), true);
        ENDPOINTS.touch(ns);
        await().atMost(WAIT).until(() -> id.equals(ENDPOINTS.endpointId(ns, "restored")));
        assertThat(ENDPOINTS.stripeEndpoints(ns))
                .extracting(e -> e.get("id").getAsString())
                .containsExactly(id);

        // Without the signing Secret its secret is gone for good: a new endpoint replaces it.
        OPERATOR.client().secrets().inNamespace(ns).withName("restored-signing").delete();
        String replacement =
                await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(ns, "restored"), v -> v != null && !v.equals(id));
        await().atMost(WAIT).until(() -> STRIPE.endpoint(id).isEmpty());
        Secret signing = await().atMost(WAIT).until(() -> ENDPOINTS.signingSecret(ns, "restored"), s -> s != null);
        assertThat(Fixtures.decode(signing.getData().get(SigningSecretFiles.CURRENT)))
                .isEqualTo(STRIPE.secretsOf(replacement).getFirst());
        assertThat(STRIPE.endpoint(neighbour)).isPresent();
        assertThat(STRIPE.endpoint(unmanaged)).isPresent();
    }

    @Test
    void deletingTheResourceDeletesItsStripeEndpointEvenWhenStripeAnswers404() {
        String ns = OPERATOR.namespace();
        ENDPOINTS.create(ns, "kept", ManagedEndpoints.spec("d.example.com", List.of("invoice.paid"), null), WRITE_KEY);
        ENDPOINTS.create(
                ns, "vanished", ManagedEndpoints.spec("d.example.com", List.of("invoice.paid"), null), WRITE_KEY);
        String kept = await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(ns, "kept"), v -> v != null);
        String vanished = await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(ns, "vanished"), v -> v != null);
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
        assertThat(ENDPOINTS.stripeEndpoints(ns)).isEmpty();
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
        ENDPOINTS.create(
                ns,
                "badkey",
                ManagedEndpoints.spec("e.example.com", List.of("invoice.paid"), null),
                "rk_test_51NoSuchKeyAtAll00000");
        ENDPOINTS.create(
                ns, "readonly", ManagedEndpoints.spec("e.example.com", List.of("invoice.paid"), null), READ_KEY);
        ENDPOINTS.create(
                ns, "unknown", ManagedEndpoints.spec("e.example.com", List.of("nosuch.event"), null), WRITE_KEY);
        StripeWebhookEndpointSpec plain = ManagedEndpoints.spec("e.example.com", List.of("invoice.paid"), null);
        ENDPOINTS.create(
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

        ENDPOINTS.assertReason(ns, "badkey", "Unauthorized", "HTTP 401");
        ENDPOINTS.assertReason(ns, "readonly", "Forbidden", "HTTP 403");
        ENDPOINTS.assertReason(ns, "unknown", "InvalidEnabledEvents", "nosuch.event");
        ENDPOINTS.assertReason(ns, "plain", "URLNotHTTPS", "https");
        for (String name : List.of("badkey", "readonly", "unknown", "plain")) {
            StripeWebhookEndpointStatus status = ENDPOINTS.status(ns, name);
            assertThat(ManagedEndpoints.condition(status, "Ready").getReason())
                    .isEqualTo(ManagedEndpoints.condition(status, "StripeRegistered")
                            .getReason());
            assertThat(ENDPOINTS.signingSecret(ns, name))
                    .as("no signing Secret without a Stripe secret")
                    .isNull();
            assertThat(Serialization.asJson(status)).doesNotContain("rk_test_51NoSuchKeyAtAll");
        }
        assertThat(ENDPOINTS.stripeEndpoints(ns)).isEmpty();

        // Aimed at the new endpoint's own key: the other endpoints keep retrying with theirs.
        STRIPE.failNext(
                "POST", LIMITED_KEY, 1, StripeError.invalid("url", "Invalid URL: the stand-in refuses it this once"));
        STRIPE.failNext("POST", LIMITED_KEY, 2, StripeError.rateLimited());
        ENDPOINTS.create(
                ns, "limited", ManagedEndpoints.spec("e.example.com", List.of("invoice.paid"), null), LIMITED_KEY);

        // Each refusal is tried again once its backoff has passed on the operator's clock, which the test moves.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    CLOCK.advance(Duration.ofMinutes(1));
                    ENDPOINTS.touch(ns);
                    return ENDPOINTS.endpointId(ns, "limited") != null;
                });
        assertThat(ManagedEndpoints.condition(ENDPOINTS.status(ns, "limited"), "StripeRegistered")
                        .getReason())
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
        StripeWebhookEndpointSpec managed = ManagedEndpoints.spec("g.example.com", List.of("invoice.paid"), null);
        OPERATOR.client()
                .resource(Fixtures.secret(ns, "stripe-readonly-key", Map.of("key", Fixtures.API_KEY)))
                .create();
        ENDPOINTS.create(
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

        String id = await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(ns, "scoped"), v -> v != null);

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
            assertThat(ManagedEndpoints.condition(ENDPOINTS.status(ns, "scoped"), "ReconciliationScoped"))
                    .extracting(EndpointCondition::getStatus, EndpointCondition::getMessage)
                    .satisfies(c -> assertThat(c.get(0)).isEqualTo("True"))
                    .satisfies(c -> assertThat((String) c.get(1)).contains(id));
        });
    }

    @Test
    void anAutomaticRotationRegistersASecondEndpointBothDeliverAndTheOldOneGoesAfterTheGrace() throws Exception {
        String ns = OPERATOR.namespace();
        RECEIVER.namespace = ns;
        ENDPOINTS.create(
                ns, "rotating", ManagedEndpoints.spec("f.example.com", List.of("invoice.paid"), "1h"), WRITE_KEY);
        String first = await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(ns, "rotating"), v -> v != null);
        String firstSecret = STRIPE.secretsOf(first).getFirst();
        Instant nextRotation =
                Instant.parse(ENDPOINTS.status(ns, "rotating").stripe().nextRotationAt());
        assertThat(nextRotation)
                .isEqualTo(Instant.ofEpochSecond(STRIPE.endpoint(first)
                                .orElseThrow()
                                .get("created")
                                .getAsLong())
                        .plus(Duration.ofHours(1)));

        CLOCK.advance(Duration.ofHours(1));
        ENDPOINTS.touch(ns);

        String second = await().atMost(WAIT)
                .until(() -> ENDPOINTS.endpointId(ns, "rotating"), v -> v != null && !v.equals(first));
        StripeWebhookEndpointStatus rotating = ENDPOINTS.status(ns, "rotating");
        assertThat(rotating.stripe().previousEndpointId()).isEqualTo(first);
        assertThat(ManagedEndpoints.condition(rotating, "StripeRegistered").getReason())
                .isEqualTo("Rotating");
        assertThat(ENDPOINTS.stripeEndpoints(ns))
                .extracting(e -> e.get("id").getAsString())
                .containsExactlyInAnyOrder(first, second);
        Secret signing = await().atMost(WAIT)
                .until(
                        () -> ENDPOINTS.signingSecret(ns, "rotating"),
                        s -> s.getData().containsKey(SigningSecretFiles.PREVIOUS));
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
        ENDPOINTS.touch(ns);

        await().atMost(WAIT).until(() -> STRIPE.endpoint(first).isEmpty());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ENDPOINTS.signingSecret(ns, "rotating").getData()).containsOnlyKeys(SigningSecretFiles.CURRENT);
            StripeWebhookEndpointStatus done = ENDPOINTS.status(ns, "rotating");
            assertThat(done.stripe().previousEndpointId()).isNull();
            assertThat(ManagedEndpoints.condition(done, "StripeRegistered").getReason())
                    .isEqualTo("Registered");
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
                                                + ENDPOINTS
                                                        .status(ns, "rotating")
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
        StripeWebhookEndpointSpec managed = ManagedEndpoints.spec("g.example.com", List.of("invoice.paid"), "720h");
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

    @Test
    void theApiServerRefusesRotationsThatWouldLoopOrOverflowAndTakesAnHourAndTheGracePlusAMinute() {
        String ns = OPERATOR.namespace();
        Map<List<String>, String> refused = Map.of(
                List.of("0s", "0s"), "rotateEvery must be at least 1h",
                List.of("30m", "1m"), "rotateEvery must be at least 1h",
                List.of("2h", "2h"), "at least rotationGracePeriod + 1m",
                List.of("9000h", "10m"), "rotateEvery must be at most 8760h",
                List.of("720h", "9000h"), "rotationGracePeriod must be at most 8760h");

        refused.forEach((durations, refusal) -> assertThatThrownBy(() -> OPERATOR.client()
                        .resource(Fixtures.endpoint(ns, "looping", rotating(durations.get(0), durations.get(1))))
                        .create())
                .as("rotateEvery %s, rotationGracePeriod %s", durations.get(0), durations.get(1))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains(refusal);
                }));
        assertThat(OPERATOR.client()
                        .resource(Fixtures.endpoint(ns, "shortest", rotating("1h", "59m")))
                        .dryRun()
                        .create())
                .isNotNull();
    }

    private static StripeWebhookEndpointSpec rotating(String rotateEvery, String grace) {
        return Specs.withSigningSecret(
                ManagedEndpoints.spec("h.example.com", List.of("invoice.paid"), null),
                new SigningSecret(null, grace, rotateEvery));
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
            Secret signing = namespace == null ? null : ENDPOINTS.signingSecret(namespace, "rotating");
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
