package dev.stripeoperator.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpreadTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertThat(Spread.of(List.of(9.0, 1.0, 5.0, 7.0, 3.0))).isEqualTo(new Spread(5.0, 1.0, 9.0));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Spread.of(List.of(4.0, 1.0, 2.0, 10.0))).isEqualTo(new Spread(3.0, 1.0, 10.0));
    }

    @Test
    void oneDisturbedRoundMovesTheMedianLittle() {
        assertThat(Spread.of(List.of(10_000.0, 10_200.0, 2_000.0, 9_900.0, 10_100.0))
                        .median())
                .isEqualTo(10_000.0);
    }

    @Test
    void formatsTheMedianWithTheRangeOrAloneWhenAllAgree() {
        assertThat(new Spread(12_345.4, 11_900, 12_800).format("%,.0f")).isEqualTo("12,345 (11,900–12,800)");
        assertThat(Spread.of(List.of(3.0)).format("%.1f")).isEqualTo("3.0");
    }

    @Test
    void refusesNoValues() {
        assertThatThrownBy(() -> Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
