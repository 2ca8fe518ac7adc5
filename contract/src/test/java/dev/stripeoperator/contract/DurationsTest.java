package dev.stripeoperator.contract;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"45s, 45", "90m, 5400", "26h, 93600", "1h30m, 5400", "1h30m15s, 5415", "30m1h, 5400", "0s, 0"})
    void readsTheFormKubernetesManifestsWrite(String text, long seconds) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
        assertThat(text).matches(Durations.PATTERN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "24", "1d", "-1h", "1.5h", "h", "1h 30m", " 1h", "PT1H", "1H", "500ms"})
    void refusesEverythingTheCrdPatternRefuses(String text) {
        assertThat(text).doesNotMatch(Durations.PATTERN);
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999s", "9223372036854775807h"})
    void aDurationTooLongToRepresentIsRefusedNotWrapped(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
    }

    @Test
    void nothingIsNotADuration() {
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
