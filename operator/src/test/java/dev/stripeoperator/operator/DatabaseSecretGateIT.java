package dev.stripeoperator.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.EndpointConditions;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The receiver (and the backfill CronJob) is neither created nor rolled while the database Secret key is missing or
 * empty: pods started then would never run, and the condition names the Secret and key.
 */
class DatabaseSecretGateIT {

    @RegisterExtension
    static final RunningOperator OPERATOR = new RunningOperator("db-gate", 2, Instant.parse("2026-03-01T12:00:00Z"));

    @Test
    void aMissingDatabaseKeyCreatesNoReceiverAndSaysWhichSecretAndKey() {
        String ns = OPERATOR.namespace();
        OPERATOR.client()
                .resource(Fixtures.secret(ns, "billing-whsec", Map.of("whsec", Fixtures.WHSEC)))
                .create();
        OPERATOR.client()
                .resource(Fixtures.secret(ns, "stripe-events-db", Map.of("url", Fixtures.JDBC_URL)))
                .create();
        OPERATOR.client()
                .resource(Fixtures.secret(ns, "stripe-readonly-key", Map.of("key", Fixtures.API_KEY)))
                .create();
        OPERATOR.client().resource(Fixtures.endpoint(ns, "billing")).create();

        EndpointCondition secretsReady = awaitCondition(ns, EndpointConditions.SECRETS_READY, "False");
        assertThat(secretsReady.getReason()).isEqualTo("SecretKeyNotFound");
        assertThat(secretsReady.getMessage()).isEqualTo("Secret " + ns + "/stripe-events-db has no key jdbc-url");
        EndpointCondition receiver =
                condition(ns, EndpointConditions.RECEIVER_AVAILABLE).orElseThrow();
        assertThat(receiver.getReason()).isEqualTo("WaitingForDatabaseSecret");
        assertThat(receiver.getMessage()).contains("stripe-events-db", "jdbc-url");
        assertThat(deployment(ns)).as("no receiver that could not start").isNull();
        assertThat(OPERATOR.reads().reconcileCronJob(ns, "billing")).isNull();

        Fixtures.modify(
                OPERATOR.client(),
                io.fabric8.kubernetes.api.model.Secret.class,
                ns,
                "stripe-events-db",
                s -> s.setData(Fixtures.encode(Map.of("jdbc-url", Fixtures.JDBC_URL))),
                false);

        await().atMost(Duration.ofSeconds(30)).until(() -> deployment(ns) != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> OPERATOR.reads().reconcileCronJob(ns, "billing") != null);
        awaitCondition(ns, EndpointConditions.SECRETS_READY, "True");
    }

    @Test
    void anEmptiedDatabaseKeyLeavesTheRunningReceiverAloneUntilItHasAValueAgain() {
        String ns = OPERATOR.namespace();
        Fixtures.userSecrets(ns, "billing", Fixtures.WHSEC)
                .forEach(s -> OPERATOR.client().resource(s).create());
        OPERATOR.client().resource(Fixtures.endpoint(ns, "billing")).create();
        Deployment before = await().atMost(Duration.ofSeconds(30)).until(() -> deployment(ns), d -> d != null);
        PodTemplateSpec template = before.getSpec().getTemplate();

        // An ExternalSecret synced from an empty value.
        Fixtures.modify(
                OPERATOR.client(),
                io.fabric8.kubernetes.api.model.Secret.class,
                ns,
                "stripe-events-db",
                s -> s.setData(Fixtures.encode(Map.of("jdbc-url", ""))),
                false);
        EndpointCondition secretsReady = awaitCondition(ns, EndpointConditions.SECRETS_READY, "False");
        assertThat(secretsReady.getReason()).isEqualTo("SecretKeyEmpty");
        assertThat(secretsReady.getMessage()).isEqualTo("key jdbc-url of Secret " + ns + "/stripe-events-db is empty");
        // A spec change meanwhile would roll the pods; it waits too.
        Fixtures.updateSpec(
                OPERATOR.client(),
                ns,
                "billing",
                spec -> new dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec(
                        spec.signingSecret(),
                        spec.livemode(),
                        java.util.List.of("invoice.*"),
                        spec.database(),
                        spec.sink(),
                        spec.reconciliation(),
                        spec.receiver(),
                        spec.exposure()));
        await().atMost(Duration.ofSeconds(30)).until(() -> get(ns).getStatus().observedGeneration() == 2L);

        assertThat(deployment(ns).getSpec().getTemplate()).as("not rolled").isEqualTo(template);
        assertThat(condition(ns, EndpointConditions.RECEIVER_AVAILABLE)
                        .orElseThrow()
                        .getMessage())
                .contains("not updated while key jdbc-url of Secret " + ns + "/stripe-events-db is empty");

        Fixtures.modify(
                OPERATOR.client(),
                io.fabric8.kubernetes.api.model.Secret.class,
                ns,
                "stripe-events-db",
                s -> s.setData(Fixtures.encode(Map.of("jdbc-url", Fixtures.JDBC_URL + "&ssl=true"))),
                false);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !deployment(ns).getSpec().getTemplate().equals(template));
        assertThat(deployment(ns)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getEnv())
                .anySatisfy(e -> assertThat(e.getValue()).isEqualTo("invoice.*"));
    }

    private static EndpointCondition awaitCondition(String ns, String type, String status) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> condition(ns, type).orElse(null), c -> c != null && status.equals(c.getStatus()));
    }

    private static Optional<EndpointCondition> condition(String ns, String type) {
        StripeWebhookEndpoint endpoint = get(ns);
        return endpoint == null || endpoint.getStatus() == null
                ? Optional.empty()
                : endpoint.getStatus().condition(type);
    }

    private static StripeWebhookEndpoint get(String ns) {
        return OPERATOR.client()
                .resources(StripeWebhookEndpoint.class)
                .inNamespace(ns)
                .withName("billing")
                .get();
    }

    private static Deployment deployment(String ns) {
        return OPERATOR.reads().receiverDeployment(ns, "billing");
    }
}
