package dev.stripeoperator.operator.secrets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.Fingerprint;
import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.Specs;
import dev.stripeoperator.operator.endpoint.ConditionReason;
import dev.stripeoperator.operator.endpoint.FullEventFetch;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.Sink;
import dev.stripeoperator.operator.endpoint.StripeManagement;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReferencedSecretsTest {

    private static final Map<String, Secret> EXISTING = Map.of(
            "stripe-events-db", Fixtures.secret("payments", "stripe-events-db", Map.of("jdbc-url", Fixtures.JDBC_URL)),
            "stripe-readonly-key", Fixtures.secret("payments", "stripe-readonly-key", Map.of("key", Fixtures.API_KEY)));

    @Test
    void aManagedEndpointReadsItsStripeKeyAndNotTheSigningSecretRefLeftInItsSpec() {
        StripeWebhookEndpointSpec spec = Fixtures.spec("billing");
        StripeWebhookEndpointSpec managed = Specs.withStripe(
                spec, new StripeManagement(new SecretKeyRef("stripe-webhook-admin", "key"), true, null));

        ReferencedSecrets secrets = ReferencedSecrets.resolve(
                Fixtures.endpoint("payments", "billing", managed), name -> Optional.ofNullable(EXISTING.get(name)));

        assertThat(secrets.signing()).isNull();
        assertThat(secrets.signingValue()).isEmpty();
        assertThat(secrets.problems())
                .extracting(SecretValue::reason)
                .containsExactly(ConditionReason.SECRET_NOT_FOUND);
        assertThat(secrets.stripeApiKey().message()).contains("stripe-webhook-admin");
        assertThat(ReferencedSecrets.namesReferencedBy(Fixtures.endpoint("payments", "billing", managed)))
                .contains("stripe-webhook-admin");
    }

    @Test
    void anUnmanagedEndpointReadsItsSigningSecretAndNoStripeKey() {
        ReferencedSecrets secrets = ReferencedSecrets.resolve(
                Fixtures.endpoint("payments", "billing"), name -> Optional.ofNullable(EXISTING.get(name)));

        assertThat(secrets.stripeApiKey()).isNull();
        assertThat(secrets.problems())
                .extracting(SecretValue::reason)
                .containsExactly(ConditionReason.SECRET_NOT_FOUND);
        assertThat(secrets.problems().getFirst().message()).contains("billing-whsec");
        assertThat(List.of(secrets.database().value())).containsExactly(Fixtures.JDBC_URL);
    }

    @Test
    void theSinksCredentialsAreCheckedAndWatchedThoughNeverRead() {
        StripeWebhookEndpointSpec spec = Fixtures.spec("billing");
        StripeWebhookEndpointSpec withCredentials = new StripeWebhookEndpointSpec(
                spec.signingSecret(),
                spec.livemode(),
                spec.enabledEvents(),
                spec.database(),
                new Sink(
                        spec.sink().uri(),
                        null,
                        new SecretKeyRef("billing-app-token", "token"),
                        new FullEventFetch(new SecretKeyRef("stripe-readonly-key", "key"))),
                spec.reconciliation(),
                spec.receiver(),
                spec.exposure(),
                null);
        Map<String, Secret> existing = new HashMap<>(EXISTING);
        existing.put("billing-whsec", Fixtures.secret("payments", "billing-whsec", Map.of("whsec", "whsec_x")));

        ReferencedSecrets secrets = ReferencedSecrets.resolve(
                Fixtures.endpoint("payments", "billing", withCredentials),
                name -> Optional.ofNullable(existing.get(name)));

        assertThat(secrets.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(ConditionReason.SECRET_NOT_FOUND);
            assertThat(problem.message()).contains("payments/billing-app-token", "token");
        });
        assertThat(ReferencedSecrets.namesReferencedBy(Fixtures.endpoint("payments", "billing", withCredentials)))
                .contains("billing-app-token", "stripe-readonly-key");
    }

    @Test
    void theDatabaseSecretsVersionIsItsUidAndResourceVersionAndTellsNothingOfTheUrl() {
        Secret database = Fixtures.secret("payments", "stripe-events-db", Map.of("jdbc-url", Fixtures.JDBC_URL));
        database.getMetadata().setUid("0f9d7c1e-5b2a-4c8e-9a61-3d2f1e0b7a54");
        database.getMetadata().setResourceVersion("4711");
        Map<String, Secret> existing = new HashMap<>(EXISTING);
        existing.put("stripe-events-db", database);

        SecretValue read = ReferencedSecrets.resolve(
                        Fixtures.endpoint("payments", "billing"), name -> Optional.ofNullable(existing.get(name)))
                .database();

        assertThat(read.value()).isEqualTo(Fixtures.JDBC_URL);
        assertThat(read.secretVersion())
                .as("the receiver pods' annotation, readable by whoever may read pods")
                .isEqualTo("0f9d7c1e-5b2a-4c8e-9a61-3d2f1e0b7a54/4711")
                .doesNotContain("s3cret")
                .doesNotContain("db.payments.svc")
                .doesNotContain(Fingerprint.of(Fixtures.JDBC_URL).substring("sha256:".length()));
        assertThat(read.toString()).doesNotContain("s3cret");
    }

    @Test
    void aMissingDatabaseSecretHasNoVersion() {
        SecretValue read = ReferencedSecrets.resolve(Fixtures.endpoint("payments", "billing"), name -> Optional.empty())
                .database();

        assertThat(read.present()).isEmpty();
        assertThat(read.secretVersion()).isNull();
    }

    @Test
    void aBearerTokenTheSinkWouldGetInClearIsAProblemWhateverTheSecretHolds() {
        StripeWebhookEndpointSpec spec = Fixtures.spec("billing");
        StripeWebhookEndpointSpec inClear = new StripeWebhookEndpointSpec(
                spec.signingSecret(),
                spec.livemode(),
                spec.enabledEvents(),
                spec.database(),
                new Sink(
                        "http://billing.example.com/stripe-events",
                        null,
                        new SecretKeyRef("billing-app-token", "token")),
                spec.reconciliation(),
                spec.receiver(),
                spec.exposure(),
                null);
        Map<String, Secret> existing = new HashMap<>(EXISTING);
        existing.put("billing-whsec", Fixtures.secret("payments", "billing-whsec", Map.of("whsec", "whsec_x")));
        existing.put(
                "billing-app-token",
                Fixtures.secret("payments", "billing-app-token", Map.of("token", "app-token-value")));

        ReferencedSecrets secrets = ReferencedSecrets.resolve(
                Fixtures.endpoint("payments", "billing", inClear), name -> Optional.ofNullable(existing.get(name)));

        assertThat(secrets.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(ConditionReason.BEARER_TOKEN_IN_CLEAR);
            assertThat(problem.message())
                    .contains("in clear over http://", "payments/billing-app-token", "forwards none")
                    .doesNotContain("app-token-value");
        });
    }
}
