package dev.stripeoperator.operator.endpoint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionTest {

    @ParameterizedTest
    @CsvSource({"1d, 1", "90d, 90", "400d, 400", "9999d, 9999"})
    void aRetentionIsACountOfDays(String retention, int days) {
        assertThat(retention).matches(Retention.PATTERN);
        assertThat(Retention.days(retention)).isEqualTo(days);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0d", "10000d", "090d", "90", "2160h", "12w", "90D", " 90d", "d", ""})
    void anythingElseIsRefused(String retention) {
        assertThat(retention).doesNotMatch(Retention.PATTERN);
        assertThatThrownBy(() -> Retention.days(retention))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("such as 90d");
    }
}
