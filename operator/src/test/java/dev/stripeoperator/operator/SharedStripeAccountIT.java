package dev.stripeoperator.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.WebhookEndpointCreateParams;
import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.IngressExposure;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.SigningSecret;
import dev.stripeoperator.operator.endpoint.StripeManagement;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.standin.StripeError;
import dev.stripeoperator.standin.StripeStandIn;
import dev.stripeoperator.standin.StripeStandIn.Handled;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.stripeoperator.operator.ManagedEndpoints.WAIT;
import static dev.stripeoperator.operator.ManagedEndpoints.condition;
import static dev.stripeoperator.operator.ManagedEndpoints.keyed;
import static dev.stripeoperator.operator.ManagedEndpoints.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Managed endpoints of tenants sharing a cluster and a Stripe account, the operator on the local control plane against
 * a Stripe stand-in of several accounts that holds 16 endpoints each: no URL registered that another endpoint holds, no
 * Stripe endpoint of another installation touched, none left behind when a namespace, a key or management goes, the
 * account's limit as a condition, and Stripe asked only when something may have changed.
 */
@ExtendWith(LocalClusterExtension.class)
class SharedStripeAccountIT {

    private static final String KEY = "rk_test_51SharedAccountKey001";
    private static final String OTHER_ACCOUNT_KEY = "rk_test_51OtherAccountKey0001";
    private static final String FULL_ACCOUNT_KEY = "rk_test_51FullAccountKey00001";
    private static final String QUIET_ACCOUNT_KEY = "rk_test_51QuietAccountKey0001";
    private static final String STUCK_ACCOUNT_KEY = "rk_test_51StuckAccountKey0001";
    private static final String QUOTA_ACCOUNT_KEY = "rk_test_51QuotaAccountKey0001";
    private static final String HOST = "hooks.example.com";
    private static final List<String> EVENTS = List.of("invoice.paid");
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    private static final StripeStandIn STRIPE = stripe();

    @RegisterExtension
    @Order(1)
    static final AfterAllCallback STOP_STRIPE = context -> STRIPE.close();

    @RegisterExtension
    @Order(2)
    static final RunningOperator OPERATOR =
            new RunningOperator("shared", 10, CLOCK, Map.of("STRIPE_API_BASE", STRIPE.baseUrl()));

    private static final ManagedEndpoints ENDPOINTS = new ManagedEndpoints(OPERATOR, STRIPE);

    private static StripeStandIn stripe() {
        Map<String, StripeStandIn.Access> keys = Stream.of(
                        KEY,
                        OTHER_ACCOUNT_KEY,
                        FULL_ACCOUNT_KEY,
                        QUIET_ACCOUNT_KEY,
                        STUCK_ACCOUNT_KEY,
                        QUOTA_ACCOUNT_KEY)
                .collect(java.util.stream.Collectors.toMap(k -> k, k -> StripeStandIn.Access.WRITE));
        try {
            return StripeStandIn.start(
                    keys,
                    Map.of(
                            OTHER_ACCOUNT_KEY, "acct_other",
                            FULL_ACCOUNT_KEY, "acct_full",
                            QUIET_ACCOUNT_KEY, "acct_quiet",
                            STUCK_ACCOUNT_KEY, "acct_stuck",
                            QUOTA_ACCOUNT_KEY, "acct_quota"),
                    url -> url,
                    java.time.Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anEndpointNeverRegistersAHostAndPathThatAnotherEndpointHoldsOrAnotherEndpointsDefaultPath() {
        String squatter = OPERATOR.namespace();
        String victim = OPERATOR.namespace();
        unmanaged(squatter, "squat", "/webhooks/stripe/" + victim + "/billing");
        unmanaged(squatter, "early", "/hooks/shared");
        await().atMost(WAIT).until(() -> ingress(squatter, "early") != null);

        ENDPOINTS.create(victim, "billing", spec(HOST, EVENTS, null), KEY);
        ENDPOINTS.create(victim, "late", atPath(spec(HOST, EVENTS, null), "/hooks/shared"), KEY);

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(condition(ENDPOINTS.status(squatter, "squat"), "Exposed"))
                        .extracting(EndpointCondition::getReason, EndpointCondition::getMessage)
                        .satisfies(c -> assertThat(c.get(0)).isEqualTo("PathConflict"))
                        .satisfies(c -> assertThat((String) c.get(1))
                                .contains("reserved as the default path of StripeWebhookEndpoint " + victim
                                        + "/billing")));
        assertThat(ingress(squatter, "squat"))
                .as("no route for the squatted path")
                .isNull();
        String billing = await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(victim, "billing"), id -> id != null);
        assertThat(STRIPE.endpoint(billing).orElseThrow().get("url").getAsString())
                .isEqualTo("https://" + HOST + "/webhooks/stripe/" + victim + "/billing");
        ENDPOINTS.assertReason(
                victim, "late", "ExposureNotReady", "already exposed by StripeWebhookEndpoint " + squatter + "/early");
        assertThat(STRIPE.endpoints())
                .as("nothing registered at the held path")
                .noneMatch(e -> e.get("url").getAsString().endsWith("/hooks/shared"));

        // The holder goes: the path is the late endpoint's, and only with its own route in place is it registered.
        delete(squatter, "early");
        String late = await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> {
                            ENDPOINTS.touch(victim);
                            return ENDPOINTS.endpointId(victim, "late");
                        },
                        id -> id != null);
        assertThat(STRIPE.endpoint(late).orElseThrow().get("url").getAsString())
                .isEqualTo("https://" + HOST + "/hooks/shared");
        assertThat(ingress(victim, "late")).isNotNull();
    }

    @Test
    void stripeEndpointsOfAnotherInstallationWithTheSameNamespaceAndNameAreNeverTakenChangedOrDeleted()
            throws StripeException {
        String ns = OPERATOR.namespace();
        String url = "https://hooks.other-cluster.example/webhooks/stripe/" + ns + "/billing";
        String otherInstallation = foreign(url, Map.of("kubernetes_cluster", "other-cluster"), ns);
        String withoutIdentity = foreign(url, Map.of(), ns);

        ENDPOINTS.create(ns, "billing", spec("i.example.com", EVENTS, null), KEY);
        String ours = await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(ns, "billing"), id -> id != null);

        assertThat(ours).isNotIn(otherInstallation, withoutIdentity);
        assertThat(STRIPE.endpoint(ours)
                        .orElseThrow()
                        .getAsJsonObject("metadata")
                        .get("kubernetes_cluster")
                        .getAsString())
                .isEqualTo(kubeSystemUid());
        delete(ns, "billing");
        await().atMost(WAIT).until(() -> STRIPE.endpoint(ours).isEmpty());
        for (String foreign : List.of(otherInstallation, withoutIdentity)) {
            assertThat(STRIPE.endpoint(foreign)).isPresent();
            assertThat(STRIPE.endpoint(foreign).orElseThrow().get("url").getAsString())
                    .isEqualTo(url);
            assertThat(STRIPE.handled())
                    .as("requests on %s", foreign)
                    .noneMatch(
                            h -> h.path().endsWith("/" + foreign) && !h.method().equals("GET"));
        }
    }

    @Test
    void deletingANamespaceDeletesItsStripeEndpointsWithTheKeysItHeldUntilThen() {
        String ns = OPERATOR.namespace();
        List<String> names = List.of("first", "second", "third");
        names.forEach(name -> ENDPOINTS.create(ns, name, spec("j.example.com", EVENTS, null), KEY));
        List<String> ids = names.stream()
                .map(name -> await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(ns, name), id -> id != null))
                .toList();
        for (String name : names) {
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(apiKeySecret(ns, name + "-stripe-key")
                                    .getMetadata()
                                    .getFinalizers())
                            .containsExactly(KubernetesApi.API_KEY_FINALIZER_PREFIX + name));
        }

        OPERATOR.client().namespaces().withName(ns).delete();

        await().atMost(Duration.ofSeconds(120))
                .until(() -> OPERATOR.client().namespaces().withName(ns).get() == null);
        assertThat(ids).allSatisfy(id -> assertThat(STRIPE.endpoint(id)).as(id).isEmpty());
        assertThat(STRIPE.handled())
                .filteredOn(h -> h.method().equals("DELETE") && h.status() == 200)
                .extracting(Handled::path)
                .containsAll(
                        ids.stream().map(id -> "/v1/webhook_endpoints/" + id).toList());
    }

    @Test
    void anotherKeyOrManagementTurnedOffDeletesTheStripeEndpointWithTheKeyThatMadeIt() {
        String ns = OPERATOR.namespace();
        ENDPOINTS.create(ns, "moving", spec("k.example.com", EVENTS, null), KEY);
        String first = await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(ns, "moving"), id -> id != null);
        OPERATOR.client()
                .resource(Fixtures.secret(ns, "other-account-key", Map.of("key", OTHER_ACCOUNT_KEY)))
                .create();

        Fixtures.updateSpec(OPERATOR.client(), ns, "moving", s -> keyed(s, "other-account-key"));

        String second = await().atMost(WAIT)
                .until(() -> ENDPOINTS.endpointId(ns, "moving"), id -> id != null && !id.equals(first));
        await().atMost(WAIT).until(() -> STRIPE.endpoint(first).isEmpty());
        assertThat(STRIPE.handled())
                .filteredOn(h -> h.method().equals("DELETE") && h.path().endsWith("/" + first))
                .extracting(Handled::account, Handled::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(StripeStandIn.DEFAULT_ACCOUNT, 200));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(apiKeySecret(ns, "moving-stripe-key").getMetadata().getFinalizers())
                    .isEmpty();
            assertThat(apiKeySecret(ns, "other-account-key").getMetadata().getFinalizers())
                    .containsExactly(KubernetesApi.API_KEY_FINALIZER_PREFIX + "moving");
        });

        OPERATOR.client()
                .resource(Fixtures.secret(ns, "moving-whsec", Map.of("whsec", Fixtures.WHSEC)))
                .create();
        Fixtures.updateSpec(OPERATOR.client(), ns, "moving", s -> unmanaged(s, "moving-whsec"));

        await().atMost(WAIT).until(() -> STRIPE.endpoint(second).isEmpty());
        assertThat(STRIPE.handled())
                .filteredOn(h -> h.method().equals("DELETE") && h.path().endsWith("/" + second))
                .extracting(Handled::account)
                .containsExactly("acct_other");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ENDPOINTS.signingSecret(ns, "moving").getMetadata().getAnnotations())
                    .doesNotContainKeys(
                            KubernetesApi.STRIPE_ENDPOINT_ANNOTATION,
                            KubernetesApi.PREVIOUS_STRIPE_ENDPOINT_ANNOTATION,
                            KubernetesApi.STRIPE_API_KEY_ANNOTATION);
            assertThat(apiKeySecret(ns, "other-account-key").getMetadata().getFinalizers())
                    .isEmpty();
            assertThat(events(ns, "moving", "StripeEndpointsRetired"))
                    .anySatisfy(m -> assertThat(m).contains(first, "API key Secret moving-stripe-key/key"))
                    .anySatisfy(m -> assertThat(m).contains(second, "spec.stripe.manage is no longer true"));
        });
    }

    @Test
    void askedToByTheAnnotationTheOperatorLetsGoOfTheStripeEndpointInsteadOfDeletingIt() {
        String ns = OPERATOR.namespace();
        ENDPOINTS.create(ns, "released", spec("l.example.com", EVENTS, null), KEY);
        String id = await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(ns, "released"), v -> v != null);
        OPERATOR.client()
                .resource(Fixtures.secret(ns, "released-whsec", Map.of("whsec", Fixtures.WHSEC)))
                .create();

        annotate(ns, "released", KubernetesApi.RELEASE_ANNOTATION, "true");
        Fixtures.updateSpec(OPERATOR.client(), ns, "released", s -> unmanaged(s, "released-whsec"));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(events(ns, "released", "StripeEndpointsReleased"))
                    .singleElement()
                    .asString()
                    .contains(id, "keep delivering until deleted in the Dashboard");
            assertThat(apiKeySecret(ns, "released-stripe-key").getMetadata().getFinalizers())
                    .isEmpty();
            assertThat(ENDPOINTS.signingSecret(ns, "released").getMetadata().getAnnotations())
                    .doesNotContainKey(KubernetesApi.STRIPE_ENDPOINT_ANNOTATION);
        });
        assertThat(STRIPE.endpoint(id)).isPresent();
    }

    @Test
    void aDeletionStripeCannotCompleteLetsGoWhenAskedOrAfterAnHourNamingWhatItLeftBehind() {
        String ns = OPERATOR.namespace();
        ENDPOINTS.create(ns, "stuck", spec("m.example.com", EVENTS, null), STUCK_ACCOUNT_KEY);
        ENDPOINTS.create(ns, "asked", spec("m.example.com", EVENTS, null), STUCK_ACCOUNT_KEY);
        String stuck = await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(ns, "stuck"), v -> v != null);
        String asked = await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(ns, "asked"), v -> v != null);
        // Stripe fails every delete with this account's key (stripe-java tries each three times).
        STRIPE.failNext("DELETE", STUCK_ACCOUNT_KEY, 1_000, StripeError.apiError());

        for (String name : List.of("stuck", "asked")) {
            delete(ns, name);
        }
        await().atMost(WAIT)
                .until(() -> STRIPE.handled().stream()
                                .filter(h -> h.method().equals("DELETE") && h.status() == 500)
                                .count()
                        >= 6);
        assertThat(OPERATOR.reads().endpoint(ns, "stuck"))
                .as("held while Stripe fails")
                .isNotNull();

        annotate(ns, "asked", KubernetesApi.RELEASE_ANNOTATION, "true");
        await().atMost(WAIT).until(() -> OPERATOR.reads().endpoint(ns, "asked") == null);
        assertThat(events(ns, "asked", "StripeEndpointsReleased"))
                .singleElement()
                .asString()
                .contains(asked);
        assertThat(OPERATOR.reads().endpoint(ns, "stuck")).isNotNull();

        CLOCK.advance(StripeWebhookEndpointReconciler.CLEANUP_DEADLINE.plusMinutes(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> OPERATOR.reads().endpoint(ns, "stuck") == null);
        assertThat(events(ns, "stuck", "StripeEndpointsLeftBehind"))
                .singleElement()
                .asString()
                .contains(stuck, "could not delete them for 60 minutes", "HTTP 500");
        assertThat(STRIPE.endpoint(stuck)).isPresent();
        assertThat(STRIPE.endpoint(asked)).isPresent();
        assertThat(apiKeySecret(ns, "stuck-stripe-key").getMetadata().getFinalizers())
                .isEmpty();
        assertThat(apiKeySecret(ns, "asked-stripe-key").getMetadata().getFinalizers())
                .isEmpty();
    }

    @Test
    void aFullAccountIsAReasonOfItsOwnKeepsTheOthersWorkingAndIsAskedAgainInMinutes() throws StripeException {
        String ns = OPERATOR.namespace();
        StripeClient account = client(FULL_ACCOUNT_KEY);
        List<String> others = new ArrayList<>();
        for (int i = 0; i < StripeStandIn.ENDPOINT_LIMIT - 1; i++) {
            others.add(account.v1()
                    .webhookEndpoints()
                    .create(WebhookEndpointCreateParams.builder()
                            .setUrl("https://elsewhere.example.com/" + i)
                            .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.ALL)
                            .build())
                    .getId());
        }
        ENDPOINTS.create(ns, "sixteenth", spec("n.example.com", EVENTS, null), FULL_ACCOUNT_KEY);
        String sixteenth = await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(ns, "sixteenth"), v -> v != null);

        ENDPOINTS.create(ns, "seventeenth", spec("n.example.com", EVENTS, null), FULL_ACCOUNT_KEY);

        ENDPOINTS.assertReason(ns, "seventeenth", "StripeEndpointLimit", "holds its 16 webhook endpoints");
        assertThat(condition(ENDPOINTS.status(ns, "seventeenth"), "Ready").getReason())
                .isEqualTo("StripeEndpointLimit");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events(ns, "seventeenth", "StripeEndpointLimit"))
                        .hasSize(1));
        assertThat(condition(ENDPOINTS.status(ns, "sixteenth"), "StripeRegistered")
                        .getReason())
                .isEqualTo("Registered");

        // A rotation needs a second endpoint: the current one keeps delivering and the rotation waits.
        annotate(ns, "sixteenth", KubernetesApi.ROTATE_ANNOTATION, "2026-12-06");
        await().atMost(WAIT).untilAsserted(() -> {
            EndpointCondition registered = condition(ENDPOINTS.status(ns, "sixteenth"), "StripeRegistered");
            assertThat(registered.getStatus()).isEqualTo("True");
            assertThat(registered.getReason()).isEqualTo("RotationWaiting");
            assertThat(registered.getMessage()).contains(sixteenth, "waits for a free webhook endpoint slot");
            assertThat(events(ns, "sixteenth", "RotationWaiting")).hasSize(1);
        });
        assertThat(ENDPOINTS.endpointId(ns, "sixteenth")).isEqualTo(sixteenth);

        // A slot frees: the operator asks again minutes later (on its clock), and the waiting endpoint registers.
        account.v1().webhookEndpoints().delete(others.removeFirst());
        CLOCK.advance(Duration.ofMinutes(31));
        String seventeenth = await().atMost(WAIT)
                .until(
                        () -> {
                            ENDPOINTS.touch(ns);
                            return ENDPOINTS.endpointId(ns, "seventeenth");
                        },
                        v -> v != null);

        // Another: the rotation goes ahead.
        account.v1().webhookEndpoints().delete(others.removeFirst());
        CLOCK.advance(Duration.ofMinutes(31));
        await().atMost(WAIT).untilAsserted(() -> {
            ENDPOINTS.touch(ns);
            StripeWebhookEndpointStatus rotating = ENDPOINTS.status(ns, "sixteenth");
            assertThat(rotating.stripe().previousEndpointId()).isEqualTo(sixteenth);
            assertThat(condition(rotating, "StripeRegistered").getReason()).isEqualTo("Rotating");
        });
        assertThat(ENDPOINTS.endpointId(ns, "seventeenth")).isEqualTo(seventeenth);
    }

    @Test
    void aSigningSecretThatCannotBeStoredIsOfferedAgainWithoutAnotherStripeCall() {
        String ns = OPERATOR.namespace();
        // The namespace holds the database and key Secrets it is given, and no more: the signing Secret is refused.
        OPERATOR.client()
                .resource(new ResourceQuotaBuilder()
                        .withNewMetadata()
                        .withName("secrets")
                        .withNamespace(ns)
                        .endMetadata()
                        .withNewSpec()
                        .addToHard("count/secrets", new io.fabric8.kubernetes.api.model.Quantity("2"))
                        .endSpec()
                        .build())
                .create();
        await().atMost(WAIT)
                .until(() -> OPERATOR.client()
                                .resourceQuotas()
                                .inNamespace(ns)
                                .withName("secrets")
                                .get()
                                .getStatus()
                        != null);
        ENDPOINTS.create(ns, "quota", spec("o.example.com", EVENTS, null), QUOTA_ACCOUNT_KEY);

        String id = await().atMost(WAIT)
                .until(
                        () -> ENDPOINTS.stripeEndpoints(ns).stream()
                                .map(e -> e.get("id").getAsString())
                                .findFirst()
                                .orElse(null),
                        v -> v != null);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(condition(ENDPOINTS.status(ns, "quota"), "Ready")
                                .getReason())
                        .isEqualTo("ReconcileFailed"));
        int calls = callsIn("acct_quota").size();
        for (int i = 0; i < 3; i++) {
            ENDPOINTS.touch(ns);
            sleep(Duration.ofSeconds(2));
        }
        assertThat(callsIn("acct_quota"))
                .as("Stripe calls while the Secret cannot be stored")
                .hasSize(calls);
        assertThat(ENDPOINTS.signingSecret(ns, "quota")).isNull();

        OPERATOR.client().resourceQuotas().inNamespace(ns).withName("secrets").delete();

        Secret signing = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            ENDPOINTS.touch(ns);
                            return ENDPOINTS.signingSecret(ns, "quota");
                        },
                        secret -> secret != null);
        assertThat(Fixtures.decode(signing.getData().get(dev.stripeoperator.contract.SigningSecretFiles.CURRENT)))
                .isEqualTo(STRIPE.secretsOf(id).getFirst());
        assertThat(ENDPOINTS.stripeEndpoints(ns))
                .extracting(e -> e.get("id").getAsString())
                .containsExactly(id);
        assertThat(callsIn("acct_quota"))
                .filteredOn(h -> !h.method().equals("GET"))
                .as("one endpoint created, nothing deleted")
                .extracting(Handled::method)
                .containsExactly("POST");
    }

    @Test
    void reconcilesThatChangeNothingInStripeAskStripeNothingUntilTheRecheckIsDue() {
        String ns = OPERATOR.namespace();
        ENDPOINTS.create(ns, "quiet", spec("p.example.com", EVENTS, null), QUIET_ACCOUNT_KEY);
        await().atMost(WAIT).until(() -> ENDPOINTS.endpointId(ns, "quiet"), v -> v != null);
        await().atMost(WAIT).until(() -> ENDPOINTS.signingSecret(ns, "quiet") != null);
        sleep(Duration.ofSeconds(3));
        int settled = callsIn("acct_quiet").size();

        // Reconciles without a change for Stripe: the key Secret's labels, the endpoint's own labels.
        for (int i = 0; i < 5; i++) {
            ENDPOINTS.touch(ns);
            annotate(ns, "quiet", "example.com/touched", String.valueOf(i));
            sleep(Duration.ofSeconds(1));
        }
        assertThat(callsIn("acct_quiet"))
                .as("Stripe calls for reconciles that change nothing")
                .hasSize(settled);

        // The spec changes: one list, one update.
        Fixtures.updateSpec(
                OPERATOR.client(),
                ns,
                "quiet",
                s -> Specs.withEnabledEvents(s, List.of("invoice.paid", "charge.refunded")));
        await().atMost(WAIT).until(() -> callsIn("acct_quiet").size() >= settled + 2);
        sleep(Duration.ofSeconds(2));
        assertThat(callsIn("acct_quiet").subList(settled, callsIn("acct_quiet").size()))
                .extracting(h -> h.method() + " " + h.path())
                .containsExactly(
                        "GET /v1/webhook_endpoints", "POST /v1/webhook_endpoints/" + ENDPOINTS.endpointId(ns, "quiet"));

        // Ten minutes on, Stripe is looked at once, in case the Dashboard changed it.
        int changed = callsIn("acct_quiet").size();
        CLOCK.advance(Duration.ofMinutes(11));
        ENDPOINTS.touch(ns);
        await().atMost(WAIT).until(() -> callsIn("acct_quiet").size() > changed);
        sleep(Duration.ofSeconds(2));
        assertThat(callsIn("acct_quiet").subList(changed, callsIn("acct_quiet").size()))
                .extracting(h -> h.method() + " " + h.path())
                .containsExactly("GET /v1/webhook_endpoints");
    }

    private static void unmanaged(String ns, String name, String path) {
        Fixtures.userSecrets(ns, name, Fixtures.WHSEC)
                .forEach(secret ->
                        OPERATOR.client().resource(secret).forceConflicts().serverSideApply());
        OPERATOR.client()
                .resource(Fixtures.endpoint(
                        ns,
                        name,
                        Specs.withExposure(
                                Fixtures.spec(name),
                                new Exposure(new IngressExposure(HOST, null, path, null, null), null))))
                .create();
    }

    private static void delete(String ns, String name) {
        OPERATOR.client()
                .resources(StripeWebhookEndpoint.class)
                .inNamespace(ns)
                .withName(name)
                .delete();
    }

    private static StripeWebhookEndpointSpec atPath(StripeWebhookEndpointSpec spec, String path) {
        IngressExposure ingress = spec.exposure().ingress();
        return Specs.withExposure(
                spec, new Exposure(new IngressExposure(ingress.host(), null, path, ingress.tls(), null), null));
    }

    /** Creates a Stripe endpoint as another installation (or an earlier version) made it, for {@code ns}/billing. */
    private static String foreign(String url, Map<String, String> identity, String ns) throws StripeException {
        return client(KEY)
                .v1()
                .webhookEndpoints()
                .create(WebhookEndpointCreateParams.builder()
                        .setUrl(url)
                        .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.INVOICE__PAID)
                        .putMetadata("managed_by", KubernetesApi.OPERATOR)
                        .putMetadata("kubernetes_namespace", ns)
                        .putMetadata("kubernetes_name", "billing")
                        .putAllMetadata(identity)
                        .build())
                .getId();
    }

    private static StripeClient client(String key) {
        return StripeClient.builder()
                .setApiKey(key)
                .setApiBase(STRIPE.baseUrl())
                .build();
    }

    private static String kubeSystemUid() {
        return OPERATOR.client()
                .namespaces()
                .withName("kube-system")
                .get()
                .getMetadata()
                .getUid();
    }

    private static Ingress ingress(String ns, String name) {
        return OPERATOR.client()
                .network()
                .v1()
                .ingresses()
                .inNamespace(ns)
                .withName(name + "-stripe-receiver")
                .get();
    }

    private static Secret apiKeySecret(String ns, String name) {
        return OPERATOR.client().secrets().inNamespace(ns).withName(name).get();
    }

    private static void annotate(String ns, String name, String annotation, String value) {
        Fixtures.modify(
                OPERATOR.client(),
                StripeWebhookEndpoint.class,
                ns,
                name,
                e -> e.getMetadata().getAnnotations().put(annotation, value),
                false);
    }

    /** The messages of the endpoint's Events with {@code reason}. */
    private static List<String> events(String ns, String name, String reason) {
        return OPERATOR.reads().events(ns, name).stream()
                .filter(e -> reason.equals(e.getReason()))
                .map(Event::getMessage)
                .toList();
    }

    private static List<Handled> callsIn(String account) {
        return STRIPE.handled().stream()
                .filter(h -> account.equals(h.account()))
                .toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The spec with management off, signing with the user's Secret {@code whsecSecret}; the API key stays named. */
    private static StripeWebhookEndpointSpec unmanaged(StripeWebhookEndpointSpec spec, String whsecSecret) {
        return Specs.withStripe(
                Specs.withSigningSecret(spec, new SigningSecret(new SecretKeyRef(whsecSecret, "whsec"), "10m")),
                new StripeManagement(spec.stripe().apiKeySecretRef(), false, null));
    }
}
