package dev.stripeoperator.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.EndpointConditions;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the operator makes of the Stripe endpoint settings in {@code spec.reconciliation}, on the local control
 * plane: the reconcile container gets them as settings, and an endpoint whose runs cannot tell the event types its
 * Stripe endpoint is sent from the rest of the account's carries a warning condition, which leaves it Ready.
 */
class ReconciliationScopeIT {

    @RegisterExtension
    static final RunningOperator operator = new RunningOperator("scope", 4, Instant.parse("2026-11-23T18:00:00Z"));

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void withoutEnabledEventsOrAStripeEndpointIdTheEndpointIsWarnedUntilTheIdIsSet() {
        String ns = namespace();
        StripeWebhookEndpointSpec everyType = enabledEvents(Fixtures.spec("billing"), null);
        create(ns, everyType);

        EndpointCondition warning = awaitCondition(ns, EndpointConditions.RECONCILIATION_SCOPED, "EnabledEventsUnset");
        assertThat(warning.getStatus()).isEqualTo("False");
        assertThat(warning.getMessage())
                .contains("spec.enabledEvents and spec.reconciliation.stripeEndpointId are unset")
                .contains("reports them as missed webhooks");
        assertThat(awaitCondition(ns, EndpointConditions.READY, "Ready").getStatus())
                .as("a warning, not a failure")
                .isEqualTo("True");
        assertThat(reconcileEnv(ns))
                .doesNotContainKeys(
                        "STRIPE_ENDPOINT_ID", "RECONCILE_CONNECT", "RECONCILE_CONNECTED_ACCOUNTS", "ENABLED_EVENTS");

        Fixtures.updateSpec(
                operator.client(),
                ns,
                "billing",
                spec -> reconciliation(
                        spec,
                        new Reconciliation(
                                spec.reconciliation().schedule(),
                                spec.reconciliation().lookback(),
                                spec.reconciliation().apiKeySecretRef(),
                                "we_1BillingEndpoint",
                                true,
                                List.of("acct_1First", "acct_1Second"))));

        EndpointCondition scoped = awaitCondition(ns, EndpointConditions.RECONCILIATION_SCOPED, "StripeEndpoint");
        assertThat(scoped.getStatus()).isEqualTo("True");
        assertThat(scoped.getMessage()).contains("we_1BillingEndpoint");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(reconcileEnv(ns))
                        .containsEntry("STRIPE_ENDPOINT_ID", "we_1BillingEndpoint")
                        .containsEntry("RECONCILE_CONNECT", "true")
                        .containsEntry("RECONCILE_CONNECTED_ACCOUNTS", "acct_1First,acct_1Second"));
    }

    @Test
    void enabledEventsAloneScopeTheRunsToTheirTypes() {
        String ns = namespace();

        create(ns, Fixtures.spec("billing"));

        EndpointCondition scoped = awaitCondition(ns, EndpointConditions.RECONCILIATION_SCOPED, "EnabledEvents");
        assertThat(scoped.getStatus()).isEqualTo("True");
        assertThat(scoped.getMessage()).contains("set spec.reconciliation.stripeEndpointId");
        assertThat(reconcileEnv(ns)).doesNotContainKeys("STRIPE_ENDPOINT_ID", "RECONCILE_CONNECT");
    }

    @Test
    void withoutReconciliationThereIsNothingToWarnAbout() {
        String ns = namespace();

        create(ns, reconciliation(enabledEvents(Fixtures.spec("billing"), null), null));

        StripeWebhookEndpointStatus status = await().atMost(WAIT)
                .until(
                        () -> get(ns).getStatus(),
                        s -> s != null
                                && s.condition(EndpointConditions.RECONCILIATION_SCHEDULED)
                                        .isPresent());
        assertThat(status.condition(EndpointConditions.RECONCILIATION_SCOPED)).isEmpty();
    }

    private static void create(String ns, StripeWebhookEndpointSpec spec) {
        Fixtures.userSecrets(ns, "billing", Fixtures.WHSEC)
                .forEach(s -> operator.client().resource(s).create());
        operator.client().resource(Fixtures.endpoint(ns, "billing", spec)).create();
    }

    private static EndpointCondition awaitCondition(String ns, String type, String reason) {
        return await().atMost(WAIT)
                .until(
                        () -> Optional.ofNullable(get(ns).getStatus())
                                .flatMap(s -> s.condition(type))
                                .orElse(null),
                        c -> c != null && reason.equals(c.getReason()));
    }

    /** The reconcile container's plain settings, once the CronJob exists. */
    private static Map<String, String> reconcileEnv(String ns) {
        CronJob cronJob =
                await().atMost(WAIT).until(() -> operator.reads().reconcileCronJob(ns, "billing"), c -> c != null);
        return cronJob
                .getSpec()
                .getJobTemplate()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv()
                .stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static StripeWebhookEndpointSpec enabledEvents(StripeWebhookEndpointSpec s, List<String> enabledEvents) {
        return new StripeWebhookEndpointSpec(
                s.signingSecret(),
                s.livemode(),
                enabledEvents,
                s.database(),
                s.sink(),
                s.reconciliation(),
                s.receiver(),
                s.exposure());
    }

    private static StripeWebhookEndpointSpec reconciliation(
            StripeWebhookEndpointSpec s, Reconciliation reconciliation) {
        return new StripeWebhookEndpointSpec(
                s.signingSecret(),
                s.livemode(),
                s.enabledEvents(),
                s.database(),
                s.sink(),
                reconciliation,
                s.receiver(),
                s.exposure());
    }

    private static StripeWebhookEndpoint get(String ns) {
        return operator.client()
                .resources(StripeWebhookEndpoint.class)
                .inNamespace(ns)
                .withName("billing")
                .get();
    }

    private static String namespace() {
        return operator.namespace();
    }
}
