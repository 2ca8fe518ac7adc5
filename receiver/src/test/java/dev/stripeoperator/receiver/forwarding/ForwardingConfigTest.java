package dev.stripeoperator.receiver.forwarding;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.SettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardingConfigTest {

    @Test
    void defaultsWhenNothingIsSet() {
        ForwardingConfig config = ForwardingConfig.fromEnvironment(Map.of());

        assertThat(config.sinkUrl()).isEmpty();
        assertThat(config.signingKeysDir()).isEmpty();
        assertThat(config.signingKey()).isEmpty();
        assertThat(config.sinkBearerTokenFile()).isEmpty();
        assertThat(config.fetchFullEvent()).isFalse();
        assertThat(config.maxAttempts()).isEqualTo(12);
        assertThat(config.backoffBase()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.backoffMax()).isEqualTo(Duration.ofHours(8));
        assertThat(config.sinkTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.lease()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.concurrency()).isEqualTo(8);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.databaseConnections()).isEqualTo(2);
        assertThat(config.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(config.retentionSweepInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void readsEverySetting() {
        ForwardingConfig config = ForwardingConfig.fromEnvironment(Map.of(
                "FORWARDING_MAX_ATTEMPTS",
                "5",
                "FORWARDING_BACKOFF_BASE",
                "10s",
                "FORWARDING_BACKOFF_MAX",
                "1h",
                "FORWARDING_TIMEOUT",
                "30s",
                "FORWARDING_LEASE",
                "5m",
                "FORWARDING_CONCURRENCY",
                "32",
                "FORWARDING_POLL_INTERVAL",
                "2s",
                "FORWARDING_DB_CONNECTIONS",
                "4",
                "RETENTION_DAYS",
                "7",
                "RETENTION_SWEEP_INTERVAL",
                "15m"));

        assertThat(config)
                .isEqualTo(new ForwardingConfig(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        5,
                        Duration.ofSeconds(10),
                        Duration.ofHours(1),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(5),
                        32,
                        Duration.ofSeconds(2),
                        4,
                        Duration.ofDays(7),
                        Duration.ofMinutes(15)));
    }

    @Test
    void malformedValuesNameTheVariable() {
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(Map.of("FORWARDING_MAX_ATTEMPTS", "many")))
                .isInstanceOf(SettingException.class)
                .hasMessage("FORWARDING_MAX_ATTEMPTS must be a whole number, got 'many'");
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(Map.of("FORWARDING_MAX_ATTEMPTS", "0")))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("FORWARDING_MAX_ATTEMPTS");
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(Map.of("RETENTION_DAYS", "-1")))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("RETENTION_DAYS");
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(Map.of("FORWARDING_TIMEOUT", "ten")))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("FORWARDING_TIMEOUT");
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(Map.of("FORWARDING_CONCURRENCY", "0")))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("FORWARDING_CONCURRENCY");
    }

    @Test
    void aLeaseShorterThanTwoTimeoutsIsRefused() {
        assertThatThrownBy(() ->
                        ForwardingConfig.fromEnvironment(Map.of("FORWARDING_TIMEOUT", "1m", "FORWARDING_LEASE", "90s")))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("FORWARDING_LEASE")
                .hasMessageContaining("FORWARDING_TIMEOUT");
    }

    @Test
    void readsWhereAndHowEventsAreSent() {
        ForwardingConfig config = ForwardingConfig.fromEnvironment(Map.of(
                "SINK_URL",
                "https://app.example/hook",
                "FORWARDING_SIGNING_KEYS_DIR",
                "/keys",
                "SINK_BEARER_TOKEN_FILE",
                "/token/value",
                "FORWARDING_FETCH_FULL_EVENT",
                "true"));

        assertThat(config.sinkUrl()).contains(URI.create("https://app.example/hook"));
        assertThat(config.signingKeysDir()).contains(Path.of("/keys"));
        assertThat(config.signingKey()).isEmpty();
        assertThat(config.sinkBearerTokenFile()).contains(Path.of("/token/value"));
        assertThat(config.fetchFullEvent()).isTrue();
    }

    @Test
    void fetchingFullEventsNeedsALeaseOfThreeTimeouts() {
        Map<String, String> timeout = Map.of("FORWARDING_TIMEOUT", "10s", "FORWARDING_LEASE", "25s");
        Map<String, String> fetching =
                Map.of("FORWARDING_TIMEOUT", "10s", "FORWARDING_LEASE", "25s", "FORWARDING_FETCH_FULL_EVENT", "true");
        Map<String, String> fetchingLonger =
                Map.of("FORWARDING_TIMEOUT", "10s", "FORWARDING_LEASE", "30s", "FORWARDING_FETCH_FULL_EVENT", "true");

        assertThat(ForwardingConfig.fromEnvironment(timeout).lease()).isEqualTo(Duration.ofSeconds(25));
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(fetching))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("FORWARDING_LEASE (PT25S) must be at least three times");
        assertThat(ForwardingConfig.fromEnvironment(fetchingLonger).fetchFullEvent())
                .isTrue();
    }

    @Test
    void aCapBelowTheBaseIsRefused() {
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(
                        Map.of("FORWARDING_BACKOFF_BASE", "2h", "FORWARDING_BACKOFF_MAX", "1h")))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("FORWARDING_BACKOFF_MAX")
                .hasMessageContaining("FORWARDING_BACKOFF_BASE");
    }

    @Test
    void theForwardingSideMustLeaveConnectionsForAcks() {
        ForwardingConfig config = ForwardingConfig.fromEnvironment(Map.of("FORWARDING_DB_CONNECTIONS", "4"));

        config.checkFitsPool(5);
        assertThatThrownBy(() -> config.checkFitsPool(4))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("FORWARDING_DB_CONNECTIONS")
                .hasMessageContaining("DATABASE_POOL_SIZE");
    }

    @ParameterizedTest
    @CsvSource({
        "MAX_ATTEMPTS, FORWARDING_MAX_ATTEMPTS",
        "DELIVERY_TIMEOUT, FORWARDING_TIMEOUT",
        "DELIVERY_DB_CONNECTIONS, FORWARDING_DB_CONNECTIONS"
    })
    void aSettingByItsFormerNameStopsTheStartInsteadOfBeingIgnored(String former, String current) {
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(Map.of(former, "5")))
                .isInstanceOf(SettingException.class)
                .hasMessage(former + " is now " + current + ": set that instead");
    }

    @Test
    void theConfigurationPrintsWhetherTheSinkUrlAndKeyAreSetButNotTheirValues() {
        ForwardingConfig config = ForwardingConfig.fromEnvironment(Map.of(
                "SINK_URL",
                "https://user:sink_password_value@app.example/hook",
                "FORWARDING_SIGNING_KEY",
                "whsec_forwarding_key_value"));

        assertThat(config.toString())
                .contains("sinkUrl=(set)", "signingKey=(set)")
                .doesNotContain("sink_password_value", "whsec_forwarding_key_value");
    }

    @Test
    void aMalformedSinkUrlIsReportedWithoutEchoingIt() {
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(Map.of("SINK_URL", "ftp://user:sink_secret@app")))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("SINK_URL")
                .hasMessageNotContaining("sink_secret");
    }
}
