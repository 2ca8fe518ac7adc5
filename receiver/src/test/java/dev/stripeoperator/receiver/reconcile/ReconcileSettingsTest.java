package dev.stripeoperator.receiver.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stripeoperator.receiver.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcileSettingsTest {

    @Test
    void defaultsAreGentleOnStripeAndUseTheKubernetesFileOnlyWhenPresent() {
        ReconcileSettings settings = ReconcileSettings.fromEnvironment(Map.of());

        assertThat(settings.pagesPerSecond()).isEqualTo(5);
        assertThat(settings.maxNetworkRetries()).isEqualTo(5);
        assertThat(settings.terminationMessagePath()).isEmpty();
    }

    @Test
    void valuesAreRead() {
        ReconcileSettings settings = ReconcileSettings.fromEnvironment(Map.of(
                "RECONCILE_PAGES_PER_SECOND", "20", "RECONCILE_MAX_NETWORK_RETRIES", " 0 ",
                "TERMINATION_MESSAGE_PATH", "/tmp/summary.json"));

        assertThat(settings).isEqualTo(new ReconcileSettings(20, 0, Optional.of(Path.of("/tmp/summary.json"))));
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> ReconcileSettings.fromEnvironment(Map.of("RECONCILE_PAGES_PER_SECOND", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("RECONCILE_PAGES_PER_SECOND must be between 1 and 100, got 0");
        assertThatThrownBy(() -> ReconcileSettings.fromEnvironment(Map.of("RECONCILE_MAX_NETWORK_RETRIES", "lots")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("RECONCILE_MAX_NETWORK_RETRIES must be a whole number, got 'lots'");
    }
}
