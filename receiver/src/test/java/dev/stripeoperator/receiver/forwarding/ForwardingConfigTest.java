package dev.stripeoperator.receiver.forwarding;

import java.time.Duration;
import java.util.Map;

import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.receiver.ReceiverConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardingConfigTest {

    @Test
    void defaultsWhenNothingIsSet() {
        ForwardingConfig config = ForwardingConfig.fromEnvironment(Map.of());

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
    void fetchingFullEventsNeedsALeaseOfThreeTimeouts() {
        ForwardingConfig config =
                ForwardingConfig.fromEnvironment(Map.of("FORWARDING_TIMEOUT", "10s", "FORWARDING_LEASE", "25s"));
        ReceiverConfig fetching = ReceiverConfig.fromEnvironment(Map.of("FORWARDING_FETCH_FULL_EVENT", "true"));

        assertThat(config.checkedAgainst(ReceiverConfig.fromEnvironment(Map.of())))
                .isSameAs(config);
        assertThatThrownBy(() -> config.checkedAgainst(fetching))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("FORWARDING_LEASE (PT25S) must be at least three times");
        ForwardingConfig longer =
                ForwardingConfig.fromEnvironment(Map.of("FORWARDING_TIMEOUT", "10s", "FORWARDING_LEASE", "30s"));
        assertThat(longer.checkedAgainst(fetching)).isSameAs(longer);
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

        assertThat(config.checkedAgainst(ReceiverConfig.fromEnvironment(Map.of("DATABASE_POOL_SIZE", "5"))))
                .isSameAs(config);
        assertThatThrownBy(
                        () -> config.checkedAgainst(ReceiverConfig.fromEnvironment(Map.of("DATABASE_POOL_SIZE", "4"))))
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
}
