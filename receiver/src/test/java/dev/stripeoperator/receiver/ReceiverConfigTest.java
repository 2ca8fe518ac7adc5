package dev.stripeoperator.receiver;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.receiver.store.NewEvent;
import dev.stripeoperator.receiver.verify.SecretSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values that hold secrets or personal data never print them, and settings errors never echo a credential. */
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
                "rk_live_key_value",
                "SINK_URL",
                "https://user:sink_password_value@app.example/hook"));

        assertThat(config.toString())
                .contains("signingSecret=(set)", "databaseUrl=(set)", "sinkUrl=(set)", "stripeApiKey=(set)")
                .doesNotContain(
                        "whsec_current_value",
                        "whsec_previous_value",
                        "db_password_value",
                        "other_password_value",
                        "rk_live_key_value",
                        "sink_password_value");
    }

    @Test
    void aMalformedSinkUrlIsReportedWithoutEchoingIt() {
        assertThatThrownBy(() -> ReceiverConfig.fromEnvironment(Map.of("SINK_URL", "ftp://user:sink_secret@app")))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("SINK_URL")
                .hasMessageNotContaining("sink_secret");
    }

    @Test
    void aSecretSetPrintsFingerprintsOnly() {
        SecretSet secrets = new SecretSet(
                "whsec_current_value",
                Optional.of("whsec_previous_value"),
                Optional.of(Instant.parse("2026-11-24T12:00:00Z")));

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
