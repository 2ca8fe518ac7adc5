package dev.stripeoperator.receiver;

import java.time.Instant;
import java.util.Map;

import dev.stripeoperator.contract.SigningKeys;
import dev.stripeoperator.receiver.store.NewEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Values that hold secrets or personal data never print them. */
class ReceiverConfigTest {

    @Test
    void theConfigurationPrintsWhichSecretsAreSetButNotTheirValues() {
        ReceiverConfig config = ReceiverConfig.fromEnvironment(Map.of(
                "STRIPE_WEBHOOK_SECRET",
                "whsec_current_value",
                "STRIPE_WEBHOOK_SECRET_PREVIOUS",
                "whsec_previous_value",
                "DATABASE_URL",
                "jdbc:postgresql://db/stripe?password=db_password_value",
                "DATABASE_PASSWORD",
                "other_password_value",
                "STRIPE_API_KEY",
                "rk_live_key_value"));

        assertThat(config.toString())
                .contains("signingSecret=(set)", "databaseUrl=(set)", "stripeApiKey=(set)")
                .doesNotContain(
                        "whsec_current_value",
                        "whsec_previous_value",
                        "db_password_value",
                        "other_password_value",
                        "rk_live_key_value");
    }

    @Test
    void signingKeysPrintFingerprintsOnly() {
        SigningKeys secrets =
                new SigningKeys("whsec_current_value", "whsec_previous_value", Instant.parse("2026-11-24T12:00:00Z"));

        assertThat(secrets.toString())
                .contains("sha256:", "2026-11-24T12:00:00Z")
                .doesNotContain("whsec_current_value", "whsec_previous_value");
    }

    @Test
    void aStoredEventPrintsItsIdentityButNotItsPayload() {
        NewEvent event = new NewEvent(
                "payments/billing",
                "evt_1",
                "customer.created",
                true,
                null,
                Instant.EPOCH,
                "{\"email\":\"jane@example.com\"}",
                NewEvent.Source.WEBHOOK,
                NewEvent.Status.PENDING);

        assertThat(event.toString()).contains("evt_1", "customer.created").doesNotContain("jane@example.com");
    }
}
