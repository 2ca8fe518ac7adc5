package dev.stripeoperator.operator.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesTheDurationsTheSchemaAdmits() {
        assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1h30m15s")).isEqualTo(Duration.ofSeconds(5415));
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {"", "24", "1d", "-1h", "1.5h", "h", "1h 30m"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("24h");
        }
    }
}
