package dev.stripeoperator.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CeilingTest {

    private static final CpuUsage IDLE = new CpuUsage(0, 0, 0, 0, 0, 2);

    @Test
    void bothPartsShareTheCoresSoTheirTimesPerEventAdd() {
        // Issue 23's figures: 41.6k requests/s and 64.7k rows/s alone make about 25k events/s together.
        assertThat(Ceiling.combined(41_600, 64_700)).isCloseTo(25_320, within(1.0));
        assertThat(Ceiling.combined(10_000, 10_000)).isCloseTo(5_000, within(1e-9));
    }

    @Test
    void takesTheMedianOfEachPartOverTheRoundsAndGivesARateAsAShareOfTheCombinedCeiling() {
        Ceiling ceiling = Ceiling.of(List.of(
                result(1, CeilingResult.HTTP, 30_000),
                result(1, CeilingResult.STORE, 60_000),
                result(2, CeilingResult.HTTP, 10_000),
                result(2, CeilingResult.STORE, 50_000),
                result(3, CeilingResult.HTTP, 20_000),
                result(3, CeilingResult.STORE, 70_000)));

        assertThat(ceiling.http()).isEqualTo(new Spread(20_000, 10_000, 30_000));
        assertThat(ceiling.store()).isEqualTo(new Spread(60_000, 50_000, 70_000));
        assertThat(ceiling.combined()).isCloseTo(15_000, within(1e-6));
        assertThat(ceiling.share(9_000)).isCloseTo(0.60, within(1e-9));
    }

    @Test
    void storeBatchesAreConsecutiveSlicesTheLastOneShorter() {
        assertThat(StoreCeiling.batches(List.of(1, 2, 3, 4, 5), 2))
                .containsExactly(List.of(1, 2), List.of(3, 4), List.of(5));
        assertThat(StoreCeiling.batches(List.of(), 50)).isEmpty();
    }

    private static CeilingResult result(int round, String part, double perSecond) {
        return new CeilingResult(round, part, (long) perSecond, 1, perSecond, Map.of(), IDLE);
    }
}
