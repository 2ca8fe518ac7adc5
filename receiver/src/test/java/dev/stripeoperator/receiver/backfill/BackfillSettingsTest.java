package dev.stripeoperator.receiver.backfill;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.EventPayload;
import dev.stripeoperator.contract.SettingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackfillSettingsTest {

    @Test
    void defaultsAreGentleOnStripe() {
        BackfillSettings settings = BackfillSettings.fromEnvironment(Map.of());

        assertThat(settings.lookback()).isEqualTo(Duration.ofHours(26));
        assertThat(settings.pagesPerSecond()).isEqualTo(5);
        assertThat(settings.maxNetworkRetries()).isEqualTo(5);
        assertThat(settings.stripeEndpointId()).isEmpty();
        assertThat(settings.connect()).isFalse();
        assertThat(settings.connectedAccounts()).isEmpty();
    }

    @Test
    void valuesAreRead() {
        BackfillSettings settings = BackfillSettings.fromEnvironment(Map.of(
                "RECONCILE_LOOKBACK",
                "1h",
                "RECONCILE_PAGES_PER_SECOND",
                "20",
                "RECONCILE_MAX_NETWORK_RETRIES",
                " 0 ",
                "STRIPE_ENDPOINT_ID",
                "we_1Abc",
                "RECONCILE_CONNECT",
                "true",
                "RECONCILE_CONNECTED_ACCOUNTS",
                "acct_1B, acct_2C"));

        assertThat(settings)
                .isEqualTo(new BackfillSettings(
                        Duration.ofHours(1),
                        20,
                        0,
                        Optional.of("we_1Abc"),
                        true,
                        List.of("acct_1B", "acct_2C"),
                        EventPayload.SNAPSHOT));
    }

    @Test
    void anEndpointIdThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> BackfillSettings.fromEnvironment(Map.of("STRIPE_ENDPOINT_ID", "whsec_123")))
                .isInstanceOf(SettingException.class)
                .hasMessage("STRIPE_ENDPOINT_ID must be a Stripe webhook endpoint id (we_...), got 'whsec_123'");
    }

    @Test
    void connectedAccountsMustBeAccountIdsOfAConnectEndpoint() {
        assertThatThrownBy(() -> BackfillSettings.fromEnvironment(
                        Map.of("RECONCILE_CONNECT", "true", "RECONCILE_CONNECTED_ACCOUNTS", "acct_1B,cus_2C")))
                .isInstanceOf(SettingException.class)
                .hasMessage(
                        "RECONCILE_CONNECTED_ACCOUNTS must be a comma list of Stripe account ids (acct_...), got 'cus_2C'");
        assertThatThrownBy(() -> BackfillSettings.fromEnvironment(Map.of("RECONCILE_CONNECTED_ACCOUNTS", "acct_1B")))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("RECONCILE_CONNECTED_ACCOUNTS needs RECONCILE_CONNECT=true");
        assertThatThrownBy(() -> BackfillSettings.fromEnvironment(Map.of("RECONCILE_CONNECT", "yes")))
                .isInstanceOf(SettingException.class)
                .hasMessage("RECONCILE_CONNECT must be true or false, got 'yes'");
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> BackfillSettings.fromEnvironment(Map.of("RECONCILE_PAGES_PER_SECOND", "0")))
                .isInstanceOf(SettingException.class)
                .hasMessage("RECONCILE_PAGES_PER_SECOND must be between 1 and 100, got '0'");
        assertThatThrownBy(() -> BackfillSettings.fromEnvironment(Map.of("RECONCILE_MAX_NETWORK_RETRIES", "lots")))
                .isInstanceOf(SettingException.class)
                .hasMessage("RECONCILE_MAX_NETWORK_RETRIES must be a whole number, got 'lots'");
    }

    @Test
    void aNumberTooLargeForAnIntIsOutOfRange() {
        assertThatThrownBy(() -> BackfillSettings.fromEnvironment(Map.of("RECONCILE_PAGES_PER_SECOND", "99999999999")))
                .isInstanceOf(SettingException.class)
                .hasMessage("RECONCILE_PAGES_PER_SECOND must be between 1 and 100, got '99999999999'");
    }

    @Test
    void theEventPayloadNamesTheListsARunReads() {
        assertThat(BackfillSettings.fromEnvironment(Map.of()).eventPayload()).isEqualTo(EventPayload.SNAPSHOT);
        assertThat(BackfillSettings.fromEnvironment(Map.of("RECONCILE_EVENT_PAYLOAD", "thin"))
                        .eventPayload())
                .isEqualTo(EventPayload.THIN);
        assertThat(BackfillSettings.fromEnvironment(Map.of("RECONCILE_EVENT_PAYLOAD", "both"))
                        .eventPayload())
                .isEqualTo(EventPayload.BOTH);
        assertThatThrownBy(() -> BackfillSettings.fromEnvironment(Map.of("RECONCILE_EVENT_PAYLOAD", "v2")))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("RECONCILE_EVENT_PAYLOAD");
    }
}
