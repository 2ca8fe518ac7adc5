package dev.stripeoperator.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One receiver's results over the rounds of a run, in round order: the medians the report compares and their
 * spread.
 */
record ReceiverRounds(List<TargetResult> rounds) {

    ReceiverRounds {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds");
        }
        rounds = rounds.stream()
                .sorted(Comparator.comparingInt(TargetResult::round))
                .toList();
    }

    /** Closed-loop accepted/s: the peak. */
    Spread accepted() {
        return spread(r -> r.closedLoop().acceptedPerSecond());
    }

    Spread closedLoopP99() {
        return spread(r -> r.closedLoop().latency().p99());
    }

    /** The open loop's fixed rate: half of the round's own peak. */
    Spread halfPeak() {
        return spread(r -> r.openLoop().offeredPerSecond());
    }

    Spread halfPeakP50() {
        return spread(r -> r.openLoop().latency().p50());
    }

    Spread halfPeakP99() {
        return spread(r -> r.openLoop().latency().p99());
    }

    /** The median of each column of the closed loops' CPU accounting. */
    CpuUsage closedLoopCpu() {
        return CpuUsage.median(rounds.stream().map(r -> r.closedLoop().cpu()).toList());
    }

    /** Every round's table check together. */
    StoreCheck check() {
        return StoreCheck.sum(rounds.stream().map(TargetResult::check).toList());
    }

    /** Errors of one phase, summed over the rounds. */
    Map<String, Long> errors(Function<TargetResult, PhaseResult> phase) {
        Map<String, Long> errors = new TreeMap<>();
        rounds.forEach(r -> phase.apply(r).errors().forEach((kind, count) -> errors.merge(kind, count, Long::sum)));
        return errors;
    }

    Optional<TargetResult> round(int round) {
        return rounds.stream().filter(r -> r.round() == round).findFirst();
    }

    private Spread spread(ToDoubleFunction<TargetResult> figure) {
        return Spread.of(rounds.stream().map(r -> figure.applyAsDouble(r)).toList());
    }
}
