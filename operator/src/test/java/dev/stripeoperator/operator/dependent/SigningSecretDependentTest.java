package dev.stripeoperator.operator.dependent;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.stripeoperator.contract.SigningKeys;
import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.secrets.SigningSecretData;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The signing Secret the receiver mounts, from the user's Secret and the one there is. */
class SigningSecretDependentTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String OLD = "whsec_old_0123456789abcdefghijkl";

    @Test
    void theFirstSecretHoldsTheUsersValueAsCurrentAndNothingElse() {
        // given
        StripeWebhookEndpoint endpoint = Fixtures.endpoint("payments", "billing");

        // when
        Secret secret = SigningSecretDependent.desired(endpoint, Fixtures.inputs("billing", NOW), Optional.empty());

        // then
        BillingChildren.assertChild(secret, "billing-signing", "signing-secret");
        assertThat(secret.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(SigningSecretData.keys(secret)).isEqualTo(new SigningKeys(Fixtures.WHSEC, null, null));
    }

    @Test
    void aNewValueBecomesCurrentAndTheOldOneStaysForTheGracePeriod() {
        // given
        StripeWebhookEndpoint endpoint = Fixtures.endpoint("payments", "billing");
        Secret existing = signingSecret(new SigningKeys(OLD, null, null));

        // when
        Secret secret =
                SigningSecretDependent.desired(endpoint, Fixtures.inputs("billing", NOW), Optional.of(existing));

        // then
        assertThat(SigningSecretData.keys(secret))
                .isEqualTo(new SigningKeys(Fixtures.WHSEC, OLD, NOW.plus(Duration.ofHours(1))));
    }

    @Test
    void aPreviousSecretPastItsExpiryIsDropped() {
        // given
        StripeWebhookEndpoint endpoint = Fixtures.endpoint("payments", "billing");
        Secret existing = signingSecret(new SigningKeys(Fixtures.WHSEC, OLD, NOW.minusSeconds(1)));

        // when
        Secret secret =
                SigningSecretDependent.desired(endpoint, Fixtures.inputs("billing", NOW), Optional.of(existing));

        // then
        assertThat(SigningSecretData.keys(secret)).isEqualTo(new SigningKeys(Fixtures.WHSEC, null, null));
        assertThat(secret.getData()).containsOnlyKeys("current");
    }

    private static Secret signingSecret(SigningKeys keys) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName("billing-signing")
                .withNamespace("payments")
                .endMetadata()
                .withData(SigningSecretData.of(keys))
                .build();
    }
}
