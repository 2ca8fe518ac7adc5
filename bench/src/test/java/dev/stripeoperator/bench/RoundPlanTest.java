package dev.stripeoperator.bench;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoundPlanTest {

    @Test
    void eachRoundMeasuresTheCeilingFirstThenTheReceiversAlternatingWhichGoesFirst() {
        assertThat(RoundPlan.of(4, Optional.empty()).stream().map(RoundPlan::line))
                .containsExactly(
                        "1 ceiling reference ours",
                        "2 ceiling ours reference",
                        "3 ceiling reference ours",
                        "4 ceiling ours reference");
    }

    @Test
    void oneReceiverAloneRunsWithoutTheCeiling() {
        assertThat(RoundPlan.of(2, Optional.of("ours")))
                .containsExactly(new RoundPlan(1, List.of("ours")), new RoundPlan(2, List.of("ours")));
    }

    @Test
    void refusesAnUnknownReceiverAndNoRounds() {
        assertThatThrownBy(() -> RoundPlan.of(1, Optional.of("node"))).hasMessageContaining("node");
        assertThatThrownBy(() -> RoundPlan.of(0, Optional.empty())).hasMessageContaining("positive");
    }
}
