package dev.stripeoperator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReportTest {

    private static final CpuUsage CPU = new CpuUsage(1.1, 0.5, 0.3, 0.02, 1.92, 2);

    @Test
    void comparesTheMediansNotTheBestRoundsAndListsEveryRound() {
        Report report = report(
                List.of(1_000.0, 1_100.0, 2_000.0, 900.0, 1_050.0),
                List.of(5_000.0, 4_000.0, 4_800.0, 4_700.0, 9_000.0),
                List.of());

        String md = report.markdown();

        // Medians 1,050 and 4,800: 4.57x; the best rounds alone would give 4.50x.
        assertThat(md).contains("| accepted/s, closed loop | 1,050 (900–2,000) | 4,800 (4,000–9,000) | **4.57x**");
        assertThat(md)
                .contains("- ours / reference at least 4.5x, median of at least 5 alternating rounds: 4.57x over 5"
                        + " rounds, met.");
        assertThat(md)
                .contains("| 2 | ceiling 0.01, ours 0.01, reference 0.01 (0.50 0.40 0.30) | 1,100 | 4,000 | 3.64x |");
        assertThat(md).doesNotContain("WARNING");
    }

    @Test
    void statesTheShareOfTheCeilingAndTheLatencyAndLossTargets() {
        String md = report(List.of(1_000.0), List.of(6_500.0), List.of()).markdown();

        // HTTP 20k/s and store 20k rows/s alone: 10k events/s together; ours reaches 65% of it.
        assertThat(md).contains("| share of the machine's ceiling (10,000 events/s) | 10% | 65% |");
        assertThat(md).contains("- ours at least 60% of the machine's ceiling: 65% of 10,000 events/s, met.");
        assertThat(md).contains("- p99 at half of our peak under 25 ms: 12.0 ms, met.");
        assertThat(md).contains("- zero acknowledged events lost: 0 of 6,500 lost, 0 duplicate rows, met.");
        assertThat(md).contains("over 1 round, **not established** (at least 5 rounds needed).");
    }

    @Test
    void perRoundRatiosShowHowMuchTheComparisonMoved() {
        Report report = report(List.of(1_000.0, 2_000.0, 1_000.0), List.of(3_000.0, 4_000.0, 5_000.0), List.of());

        Spread ratios = Report.perRoundRatios(
                new ReceiverRounds(report.referenceResults()), new ReceiverRounds(report.oursResults()));

        assertThat(ratios.median()).isCloseTo(3.0, within(1e-9));
        assertThat(ratios.min()).isCloseTo(2.0, within(1e-9));
        assertThat(ratios.max()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void saysLoudlyOnTopWhichRoundsRanOnABusyMachine() {
        String md = report(List.of(1_000.0, 1_000.0), List.of(4_000.0, 4_000.0), List.of(2))
                .markdown();

        String firstParagraph = md.split("\n\n")[1];
        assertThat(firstParagraph)
                .startsWith("> **WARNING: the machine was busy (more than 0.30 cores kept busy by other work) before"
                        + " round 2 (ours: 0.90 cores busy by others")
                .contains("BENCH_ALLOW_BUSY=1 let it run anyway");
        assertThat(md).contains("**ours 0.90 busy**");
    }

    /** Rounds of both receivers at these rates, a ceiling of 20k + 20k each round; ours busy in the given rounds. */
    private static Report report(List<Double> reference, List<Double> ours, List<Integer> busyRounds) {
        List<TargetResult> referenceResults = new ArrayList<>();
        List<TargetResult> oursResults = new ArrayList<>();
        List<CeilingResult> ceilings = new ArrayList<>();
        List<LoadCheck> checks = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            int round = i + 1;
            referenceResults.add(result("reference", round, reference.get(i), 20.0));
            oursResults.add(result("ours", round, ours.get(i), 12.0));
            ceilings.add(new CeilingResult(round, CeilingResult.HTTP, 20_000, 1, 20_000, Map.of(), CPU));
            ceilings.add(new CeilingResult(round, CeilingResult.STORE, 20_000, 1, 20_000, Map.of(), CPU));
            for (String part : RoundPlan.parts(round)) {
                boolean busy = part.equals("ours") && busyRounds.contains(round);
                checks.add(new LoadCheck(
                        round,
                        part,
                        new MachineLoad("0.50 0.40 0.30", busy ? 0.9 : 0.01, 0.0, List.of()),
                        0.3,
                        !busy,
                        busy ? 60 : 3));
            }
        }
        return new Report(referenceResults, oursResults, ceilings, checks, "Machine: test.");
    }

    private static TargetResult result(String name, int round, double acceptedPerSecond, double halfPeakP99) {
        int accepted = (int) acceptedPerSecond;
        PhaseResult closed = phase("closed loop", accepted, 0, acceptedPerSecond, 30.0);
        PhaseResult open = phase("open loop", accepted / 2, acceptedPerSecond / 2, acceptedPerSecond / 2, halfPeakP99);
        return new TargetResult(
                name,
                round,
                "2026-12-06T23:00:00Z",
                "0.50 0.40 0.30",
                "1.50 0.60 0.40",
                accepted,
                64,
                3,
                closed,
                closed,
                open,
                new StoreCheck(accepted, accepted, 0, accepted));
    }

    private static PhaseResult phase(String name, int accepted, double offered, double acceptedPerSecond, double p99) {
        return new PhaseResult(
                name,
                accepted,
                accepted,
                1,
                offered,
                acceptedPerSecond,
                new Latencies(p99 / 4, p99 / 2, p99, p99 * 2, p99 / 3),
                0,
                Map.of(),
                Map.of(),
                CPU);
    }
}
