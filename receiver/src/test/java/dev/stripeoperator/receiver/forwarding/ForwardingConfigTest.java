package dev.stripeoperator.receiver.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stripeoperator.receiver.ConfigException;
import dev.stripeoperator.receiver.ReceiverConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
                "MAX_ATTEMPTS", "5", "DELIVERY_BACKOFF_BASE", "10s", "DELIVERY_BACKOFF_MAX", "1h",
                "DELIVERY_TIMEOUT", "30s", "DELIVERY_LEASE", "5m", "DELIVERY_CONCURRENCY", "32",
                "DELIVERY_POLL_INTERVAL", "2s", "DELIVERY_DB_CONNECTIONS", "4", "RETENTION_DAYS", "7",
                "RETENTION_SWEEP_INTERVAL", "15m"));

        assertThat(config).isEqualTo(new ForwardingConfig(5, Duration.ofSeconds(10), Duration.ofHours(1),
                Duration.ofSeconds(30), Duration.ofMinutes(5), 32, Duration.ofSeconds(2), 4, Duration.ofDays(7),
                Duration.ofMinutes(15)));
    }

    @Test
    void malformedValuesNameTheVariable() {
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(Map.of("MAX_ATTEMPTS", "many")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MAX_ATTEMPTS");
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(Map.of("MAX_ATTEMPTS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MAX_ATTEMPTS");
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(Map.of("RETENTION_DAYS", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RETENTION_DAYS");
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(Map.of("DELIVERY_TIMEOUT", "ten")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DELIVERY_TIMEOUT");
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(Map.of("DELIVERY_CONCURRENCY", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DELIVERY_CONCURRENCY");
    }

    @Test
    void aLeaseShorterThanTwoTimeoutsIsRefused() {
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(Map.of("DELIVERY_TIMEOUT", "1m", "DELIVERY_LEASE", "90s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DELIVERY_LEASE").hasMessageContaining("DELIVERY_TIMEOUT");
    }

    @Test
    void aCapBelowTheBaseIsRefused() {
        assertThatThrownBy(() -> ForwardingConfig.fromEnvironment(Map.of("DELIVERY_BACKOFF_BASE", "2h", "DELIVERY_BACKOFF_MAX", "1h")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DELIVERY_BACKOFF_MAX").hasMessageContaining("DELIVERY_BACKOFF_BASE");
    }

    @Test
    void theDeliverySideMustLeaveConnectionsForAcks() {
        ForwardingConfig config = ForwardingConfig.fromEnvironment(Map.of("DELIVERY_DB_CONNECTIONS", "4"));

        assertThat(config.checkedAgainst(ReceiverConfig.fromEnvironment(Map.of("DATABASE_POOL_SIZE", "5")))).isSameAs(config);
        assertThatThrownBy(() -> config.checkedAgainst(ReceiverConfig.fromEnvironment(Map.of("DATABASE_POOL_SIZE", "4"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DELIVERY_DB_CONNECTIONS").hasMessageContaining("DATABASE_POOL_SIZE");
    }
}
