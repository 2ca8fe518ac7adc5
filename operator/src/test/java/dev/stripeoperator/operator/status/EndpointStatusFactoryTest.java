package dev.stripeoperator.operator.status;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.stripeoperator.contract.Fingerprint;
import dev.stripeoperator.operator.endpoint.ConditionReason;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.EndpointConditions;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.HttpRouteExposure;
import dev.stripeoperator.operator.endpoint.IngressExposure;
import dev.stripeoperator.operator.endpoint.IngressTls;
import dev.stripeoperator.operator.endpoint.ParentRef;
import dev.stripeoperator.operator.endpoint.SigningSecretsStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.operator.exposure.ExposureClaims;
import dev.stripeoperator.operator.secrets.SecretValue;
import dev.stripeoperator.operator.stripe.StripeRecord;
import dev.stripeoperator.operator.stripe.StripeRegistration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import org.junit.jupiter.api.Test;

import static dev.stripeoperator.operator.status.StatusFixtures.API_KEY_REF;
import static dev.stripeoperator.operator.status.StatusFixtures.DATABASE_REF;
import static dev.stripeoperator.operator.status.StatusFixtures.SIGNING_REF;
import static dev.stripeoperator.operator.status.StatusFixtures.T0;
import static dev.stripeoperator.operator.status.StatusFixtures.WHSEC;
import static dev.stripeoperator.operator.status.StatusFixtures.WHSEC_OLD;
import static org.assertj.core.api.Assertions.assertThat;

/** The status an endpoint shows, built from plain values: no API server, milliseconds per case. */
class EndpointStatusFactoryTest {

    private static final Instant T1 = T0.plus(Duration.ofMinutes(5));
    private static final Instant T2 = T0.plus(Duration.ofMinutes(10));
    private static final Exposure INGRESS_TLS = new Exposure(
            new IngressExposure("hooks.example.com", "nginx", null, new IngressTls("hooks-tls"), null), null);
    private static final Exposure INGRESS_PLAIN =
            new Exposure(new IngressExposure("hooks.example.com", null, "/stripe", null, null), null);
    private static final Exposure ROUTE = new Exposure(
            null,
            new HttpRouteExposure(
                    List.of(new ParentRef("public", "gateways", null)), List.of("hooks.example.com"), null));
    private static final Exposure ROUTE_WITHOUT_HOSTNAMES =
            new Exposure(null, new HttpRouteExposure(List.of(new ParentRef("public", "gateways", null)), null, null));
    /** An Ingress at a path the CRD refuses, as an endpoint stored before it did may hold. */
    private static final Exposure INGRESS_AT_A_PATTERN = new Exposure(
            new IngressExposure("hooks.example.com", "nginx", "/orders/{id}", new IngressTls("hooks-tls"), null), null);

    private static Map<String, EndpointCondition> byType(StripeWebhookEndpointStatus status) {
        return status.conditions().stream().collect(Collectors.toMap(EndpointCondition::getType, c -> c));
    }

    @Test
    void aHealthyEndpointIsReadyAtItsInClusterUrlWithFingerprintsOnly() {
        StripeWebhookEndpointStatus status = StatusFixtures.healthy().build(T0, null);

        assertThat(status.observedGeneration()).isEqualTo(1L);
        assertThat(status.url()).isEqualTo("http://billing-stripe-receiver.payments.svc:8080/webhooks/stripe");
        assertThat(status.conditions())
                .extracting(EndpointCondition::getType, EndpointCondition::getStatus, EndpointCondition::getReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("SecretsReady", "True", "SecretsFound"),
                        org.assertj.core.groups.Tuple.tuple("ReceiverAvailable", "True", "MinimumReplicasAvailable"),
                        org.assertj.core.groups.Tuple.tuple("ReconciliationScheduled", "False", "NotConfigured"),
                        org.assertj.core.groups.Tuple.tuple("ReplayRunning", "False", "NoJobRunning"),
                        org.assertj.core.groups.Tuple.tuple("Exposed", "False", "NotConfigured"),
                        org.assertj.core.groups.Tuple.tuple("Ready", "True", "Ready"));
        assertThat(status.signingSecrets()).isEqualTo(new SigningSecretsStatus(Fingerprint.of(WHSEC), null, null));
        assertThat(status.toString()).doesNotContain(WHSEC);
    }

    @Test
    void anUnchangedStateGivesAnEqualStatusSoNothingIsWritten() {
        StatusFixtures fixtures = StatusFixtures.healthy()
                .withReconciliation("we_1", null)
                .withExposure(INGRESS_TLS)
                .withChildren(
                        Optional.of(StatusFixtures.aDeployment(2, 2)),
                        Optional.of(StatusFixtures.aCronJob()),
                        Optional.of(StatusFixtures.anIngress()),
                        Optional.empty())
                .withSigningSecret(Optional.of(StatusFixtures.aSigningSecret(WHSEC, WHSEC_OLD, T2)));
        StripeWebhookEndpointStatus first = fixtures.build(T0, null);

        StripeWebhookEndpointStatus later = fixtures.build(T1, first);

        assertThat(later).isEqualTo(first);
        assertThat(fixtures.build(T2, later)).isEqualTo(first);
    }

    @Test
    void theTransitionTimeMovesOnlyForTheConditionsWhoseStatusChanged() {
        StatusFixtures fixtures = StatusFixtures.healthy();
        StripeWebhookEndpointStatus healthy = fixtures.build(T0, null);

        StripeWebhookEndpointStatus degraded = fixtures.withReceiverAvailable(1).build(T1, healthy);
        StripeWebhookEndpointStatus down = fixtures.withReceiverAvailable(0).build(T2, degraded);

        assertThat(degraded)
                .as("one replica of two lost changes nothing Ready tells")
                .isEqualTo(healthy);
        assertThat(byType(degraded).get("ReceiverAvailable").getMessage())
                .isEqualTo("1 or more of 2 replicas available");
        assertThat(byType(degraded).get("ReceiverAvailable").getLastTransitionTime())
                .isEqualTo(T0.toString());
        assertThat(byType(down).get("ReceiverAvailable").getLastTransitionTime())
                .isEqualTo(T2.toString());
        assertThat(byType(down).get("Ready").getLastTransitionTime()).isEqualTo(T2.toString());
        assertThat(byType(down).get("Ready").getReason()).isEqualTo("NoReplicasAvailable");
        assertThat(byType(down).get("SecretsReady").getLastTransitionTime()).isEqualTo(T0.toString());
    }

    @Test
    void aSecondReplicaBecomingAvailableChangesNothingSoNothingIsWritten() {
        StatusFixtures fixtures = StatusFixtures.healthy();
        StripeWebhookEndpointStatus starting = fixtures.withReceiverAvailable(0).build(T0, null);
        StripeWebhookEndpointStatus oneUp = fixtures.withReceiverAvailable(1).build(T1, starting);

        StripeWebhookEndpointStatus bothUp = fixtures.build(T2, oneUp);

        assertThat(oneUp).isNotEqualTo(starting);
        assertThat(bothUp).isEqualTo(oneUp);
    }

    @Test
    void podsTheReplicaSetCannotCreateAreExplainedWithTheApiServersWords() {
        Deployment refused = StatusFixtures.aDeployment(2, 0);
        refused.getStatus()
                .setConditions(List.of(
                        new DeploymentConditionBuilder()
                                .withType("Progressing")
                                .withStatus("True")
                                .withMessage("ReplicaSet is progressing")
                                .build(),
                        new DeploymentConditionBuilder()
                                .withType("ReplicaFailure")
                                .withStatus("True")
                                .withReason("FailedCreate")
                                .withMessage(
                                        "pods \"billing-stripe-receiver-6d4b9\" is forbidden: error looking up"
                                                + " service account payments/billing-db: serviceaccount \"billing-db\" not found")
                                .build()));

        StripeWebhookEndpointStatus status = StatusFixtures.healthy()
                .withChildren(Optional.of(refused), Optional.empty(), Optional.empty(), Optional.empty())
                .build(T0, null);

        assertThat(byType(status).get("ReceiverAvailable").getMessage())
                .isEqualTo("0 of 2 replicas available; pods \"billing-stripe-receiver-6d4b9\" is forbidden: error"
                        + " looking up service account payments/billing-db: serviceaccount \"billing-db\" not found");
        assertThat(byType(status).get("Ready").getMessage()).contains("serviceaccount \"billing-db\" not found");
    }

    @Test
    void aRotationShowsBothFingerprintsAndTheExpiry() {
        Instant expiry = Instant.parse("2026-11-24T10:00:00Z");
        StripeWebhookEndpointStatus status = StatusFixtures.healthy()
                .withSigningSecret(Optional.of(StatusFixtures.aSigningSecret(WHSEC, WHSEC_OLD, expiry)))
                .build(T0, null);

        assertThat(status.signingSecrets())
                .isEqualTo(new SigningSecretsStatus(
                        Fingerprint.of(WHSEC), Fingerprint.of(WHSEC_OLD), "2026-11-24T10:00:00Z"));
    }

    @Test
    void anExposedEndpointReportsItsPublicUrl() {
        StatusFixtures ingress = StatusFixtures.healthy()
                .withExposure(INGRESS_TLS)
                .withChildren(
                        Optional.of(StatusFixtures.aDeployment(2, 2)),
                        Optional.empty(),
                        Optional.of(StatusFixtures.anIngress()),
                        Optional.empty());
        StatusFixtures route = StatusFixtures.healthy()
                .withExposure(ROUTE)
                .withChildren(
                        Optional.of(StatusFixtures.aDeployment(2, 2)),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(StatusFixtures.anHttpRoute()));

        assertThat(ingress.build(T0, null).url())
                .isEqualTo("https://hooks.example.com/webhooks/stripe/payments/billing");
        assertThat(route.build(T0, null).url()).isEqualTo("https://hooks.example.com/webhooks/stripe/payments/billing");
        assertThat(byType(ingress.build(T0, null)).get("Ready").getStatus()).isEqualTo("True");
    }

    @Test
    void aPathTheCrdRefusesIsNotExposedAndReadyNamesIt() {
        StatusFixtures stored = StatusFixtures.healthy()
                .withExposure(INGRESS_AT_A_PATTERN)
                .withChildren(
                        Optional.of(StatusFixtures.aDeployment(2, 2)),
                        Optional.empty(),
                        Optional.of(StatusFixtures.anIngress()),
                        Optional.empty());

        StripeWebhookEndpointStatus status = stored.build(T0, null);

        assertThat(byType(status).get("Exposed")).satisfies(exposed -> {
            assertThat(exposed.getStatus()).isEqualTo("False");
            assertThat(exposed.getReason()).isEqualTo("InvalidPath");
            assertThat(exposed.getMessage())
                    .contains("got '/orders/{id}'", "the receiver serves /webhooks/stripe/payments/billing");
        });
        assertThat(byType(status).get("Ready").getReason()).isEqualTo("InvalidPath");
        assertThat(status.url())
                .as("the in-cluster URL of the path the receiver serves")
                .isEqualTo("http://billing-stripe-receiver.payments.svc:8080/webhooks/stripe/payments/billing");
    }

    @Test
    void everyReasonIsReachable() {
        StatusFixtures healthy = StatusFixtures.healthy();
        StatusFixtures backfill = healthy.withChildren(
                Optional.of(StatusFixtures.aDeployment(2, 2)),
                Optional.of(StatusFixtures.aCronJob()),
                Optional.empty(),
                Optional.empty());
        StatusFixtures withIngress = healthy.withChildren(
                Optional.of(StatusFixtures.aDeployment(2, 2)),
                Optional.empty(),
                Optional.of(StatusFixtures.anIngress()),
                Optional.empty());
        StatusFixtures withRoute = healthy.withChildren(
                Optional.of(StatusFixtures.aDeployment(2, 2)),
                Optional.empty(),
                Optional.empty(),
                Optional.of(StatusFixtures.anHttpRoute()));
        List<StatusFixtures> scenarios = List.of(
                healthy,
                healthy.withSecrets(
                        SecretValue.problem(SIGNING_REF, ConditionReason.SECRET_NOT_FOUND, "not found"),
                        healthy.database()),
                healthy.withSecrets(
                        healthy.signing(),
                        SecretValue.problem(DATABASE_REF, ConditionReason.SECRET_KEY_NOT_FOUND, "no key")),
                healthy.withReconciliation("we_1", null)
                        .withApiKey(SecretValue.problem(API_KEY_REF, ConditionReason.SECRET_KEY_EMPTY, "empty")),
                healthy.withChildren(
                        Optional.of(StatusFixtures.aDeployment(2, 0)),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()),
                healthy.withChildren(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                healthy.withChildren(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())
                        .withSecrets(
                                healthy.signing(),
                                SecretValue.problem(DATABASE_REF, ConditionReason.SECRET_NOT_FOUND, "not found")),
                backfill.withReconciliation("we_1", null),
                backfill.withReconciliation("we_1", null)
                        .withJobs(List.of(
                                StatusFixtures.aJob(
                                        "billing-stripe-reconcile-1", "reconcile", "2026-11-23T09:59:00Z", false),
                                StatusFixtures.aJob(
                                        "after-inc-42-stripe-replay", "replay", "2026-11-23T09:58:00Z", false))),
                backfill.withReconciliation(null, List.of("invoice.*")),
                healthy.withReconciliation(null, null),
                withIngress.withExposure(INGRESS_TLS),
                withIngress.withExposure(INGRESS_PLAIN),
                healthy.withExposure(INGRESS_TLS),
                healthy.withExposure(INGRESS_AT_A_PATTERN),
                healthy.withSecrets(
                        healthy.signing(),
                        SecretValue.problem(DATABASE_REF, ConditionReason.BEARER_TOKEN_IN_CLEAR, "in clear")),
                healthy.withExposure(INGRESS_TLS)
                        .withConflict(
                                new ExposureClaims.Conflict("hooks.example.com", "/webhooks/stripe", "shop/orders")),
                withRoute.withExposure(ROUTE),
                withRoute.withExposure(ROUTE_WITHOUT_HOSTNAMES),
                healthy.withExposure(ROUTE),
                healthy.withExposure(ROUTE).withGatewayApi(false));

        Stream<StripeWebhookEndpointStatus> managed = Stream.of(ConditionReason.values())
                .filter(reason -> reason.type().equals(EndpointConditions.STRIPE_REGISTERED))
                .map(reason -> healthy.buildManaged(
                        T0,
                        null,
                        new StripeRegistration(
                                "we_1",
                                "enabled",
                                "2025-08-27.basil",
                                null,
                                null,
                                null,
                                reason,
                                "m",
                                null,
                                StripeRecord.NONE)));
        Set<String> reached = Stream.concat(
                        Stream.concat(
                                scenarios.stream().flatMap(s -> s.build(T0, null).conditions().stream()),
                                managed.flatMap(status -> status.conditions().stream())),
                        Stream.concat(
                                ErrorStatus.of(healthy.endpoint(1, null), T0, new IllegalStateException("boom"))
                                        .conditions()
                                        .stream(),
                                Stream.of(true, false)
                                        .flatMap(
                                                found -> ReplayRunsTest.build(null, found, Optional.empty(), List.of())
                                                        .conditions()
                                                        .stream())))
                .map(c -> c.getType() + "/" + c.getReason())
                .collect(Collectors.toSet());

        assertThat(reached)
                .containsAll(EnumSet.allOf(ConditionReason.class).stream()
                        .map(reason -> reason.type() + "/" + reason.reason())
                        .toList());
        // Not ready, Ready names the cause itself, never a generic "<Condition>False".
        assertThat(reached.stream().filter(r -> r.startsWith("Ready/")).map(r -> r.substring(6)))
                .containsExactlyInAnyOrder(
                        "Ready",
                        "ReconcileFailed",
                        "SecretNotFound",
                        "SecretKeyNotFound",
                        "SecretKeyEmpty",
                        "BearerTokenInClear",
                        "NoReplicasAvailable",
                        "WaitingForSigningSecret",
                        "CronJobMissing",
                        "IngressPending",
                        "PathConflict",
                        "InvalidPath",
                        "HTTPRoutePending",
                        "GatewayAPINotInstalled",
                        "ExposureNotReady",
                        "StripeEndpointLimit",
                        "RetiringStripeEndpoints",
                        "DisabledByStripe",
                        "URLNotHTTPS",
                        "InvalidEnabledEvents",
                        "InvalidRotation",
                        "WaitingForAPIKey",
                        "Unauthorized",
                        "Forbidden",
                        "RateLimited",
                        "InvalidRequest",
                        "StripeUnavailable");
        assertThat(reached.stream().filter(r -> !r.startsWith("Ready/")).toList())
                .containsExactlyInAnyOrderElementsOf(EnumSet.allOf(ConditionReason.class).stream()
                        .filter(reason -> !reason.type().equals("Ready"))
                        .map(reason -> reason.type() + "/" + reason.reason())
                        .toList());
    }

    @Test
    void runningJobsShowUntilTheyEndAndTheirConditionsKeepTheirTimeWhileTheyRun() {
        StatusFixtures backfill = StatusFixtures.healthy()
                .withChildren(
                        Optional.of(StatusFixtures.aDeployment(2, 2)),
                        Optional.of(StatusFixtures.aCronJob()),
                        Optional.empty(),
                        Optional.empty())
                .withReconciliation("we_1", null);
        StatusFixtures running = backfill.withJobs(List.of(
                StatusFixtures.aJob("billing-stripe-reconcile-29400017", "reconcile", "2026-11-23T09:59:00Z", false),
                StatusFixtures.aJob("billing-stripe-reconcile-29400016", "reconcile", "2026-11-23T03:59:00Z", true),
                StatusFixtures.aJob("after-inc-42-stripe-replay", "replay", "2026-11-23T09:58:00Z", false)));

        StripeWebhookEndpointStatus idle = backfill.build(T0, null);
        StripeWebhookEndpointStatus busy = running.build(T0.plusSeconds(60), idle);
        StripeWebhookEndpointStatus stillBusy = running.build(T0.plusSeconds(120), busy);
        StripeWebhookEndpointStatus done = backfill.build(T0.plusSeconds(180), stillBusy);

        assertThat(byType(idle).get("BackfillRunning"))
                .extracting(EndpointCondition::getStatus, EndpointCondition::getReason)
                .containsExactly("False", "NoJobRunning");
        assertThat(byType(busy).get("BackfillRunning").getMessage())
                .isEqualTo("Job billing-stripe-reconcile-29400017 runs since 2026-11-23T09:59:00Z; its result"
                        + " becomes status.lastReconciliation");
        assertThat(byType(busy).get("ReplayRunning").getMessage())
                .isEqualTo("StripeWebhookReplay after-inc-42 (discard, Job after-inc-42-stripe-replay) runs since"
                        + " 2026-11-23T09:58:00Z; its result is in its status");
        assertThat(byType(busy).get("Ready").getStatus())
                .as("a running Job does not make it unready")
                .isEqualTo("True");
        assertThat(stillBusy).as("nothing to write while the same Jobs run").isEqualTo(busy);
        assertThat(byType(done).get("ReplayRunning"))
                .extracting(EndpointCondition::getStatus, EndpointCondition::getLastTransitionTime)
                .containsExactly("False", T0.plusSeconds(180).toString());
        assertThat(byType(StatusFixtures.healthy().withJobs(running.jobs()).build(T0, null)))
                .as("without reconciliation, no BackfillRunning")
                .doesNotContainKey("BackfillRunning")
                .containsKey("ReplayRunning");
    }

    @Test
    void aManagedEndpointIsReadyOnlyOnceStripeHasItAndKeepsTheLastAnswerWhileStripeFails() {
        StatusFixtures healthy = StatusFixtures.healthy();
        StripeWebhookEndpointStatus registered = healthy.buildManaged(
                T0,
                null,
                new StripeRegistration(
                        "we_2",
                        "enabled",
                        "2025-08-27.basil",
                        "we_1",
                        null,
                        T1,
                        ConditionReason.ROTATING,
                        "rotating",
                        Duration.ofMinutes(5),
                        StripeRecord.NONE));

        assertThat(registered.stripe())
                .isEqualTo(new dev.stripeoperator.operator.endpoint.StripeEndpointStatus(
                        "we_2", "enabled", "2025-08-27.basil", "we_1", "2026-11-23T10:05:00Z"));
        assertThat(byType(registered).get("StripeRegistered").getStatus()).isEqualTo("True");
        assertThat(byType(registered).get("Ready").getStatus()).isEqualTo("True");

        StripeWebhookEndpointStatus failing = healthy.buildManaged(
                T1,
                registered,
                new StripeRegistration(
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        ConditionReason.STRIPE_RATE_LIMITED,
                        "Stripe API: HTTP 429",
                        Duration.ofSeconds(5),
                        StripeRecord.NONE));

        assertThat(failing.stripe()).isEqualTo(registered.stripe());
        assertThat(byType(failing).get("StripeRegistered").getReason()).isEqualTo("RateLimited");
        assertThat(byType(failing).get("Ready").getReason()).isEqualTo("RateLimited");
        assertThat(byType(healthy.build(T0, null))).doesNotContainKey("StripeRegistered");
    }

    @Test
    void theBackfillScopeIsAWarningThatNeverMakesTheEndpointUnready() {
        StripeWebhookEndpointStatus status = StatusFixtures.healthy()
                .withReconciliation(null, null)
                .withChildren(
                        Optional.of(StatusFixtures.aDeployment(2, 2)),
                        Optional.of(StatusFixtures.aCronJob()),
                        Optional.empty(),
                        Optional.empty())
                .build(T0, null);

        assertThat(byType(status).get("ReconciliationScoped").getReason()).isEqualTo("EnabledEventsUnset");
        assertThat(byType(status).get("Ready").getStatus()).isEqualTo("True");
        assertThat(byType(StatusFixtures.healthy().build(T0, null))).doesNotContainKey("ReconciliationScoped");
    }
}
