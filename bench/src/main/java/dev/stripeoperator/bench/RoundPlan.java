package dev.stripeoperator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one round runs, in order: the machine's ceiling, then both receivers, alternating which goes first (the
 * reference in odd rounds, ours in even ones) so that neither always gets the machine as the other left it.
 *
 * @param parts {@value #CEILING}, {@value #REFERENCE} and {@value #OURS} in the order they run
 */
record RoundPlan(int round, List<String> parts) {

    static final String CEILING = "ceiling";
    static final String REFERENCE = "reference";
    static final String OURS = "ours";

    /**
     * @param only one receiver alone ({@code ours} or {@code reference}): no comparison, so no ceiling either
     */
    static List<RoundPlan> of(int rounds, Optional<String> only) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be positive, got " + rounds);
        }
        only.filter(name -> !name.equals(OURS) && !name.equals(REFERENCE)).ifPresent(name -> {
            throw new IllegalArgumentException("only " + OURS + " or " + REFERENCE + " can run alone, got " + name);
        });
        List<RoundPlan> plans = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            plans.add(new RoundPlan(round, only.map(List::of).orElse(parts(round))));
        }
        return plans;
    }

    /** The parts of a round of both receivers, in order. */
    static List<String> parts(int round) {
        return round % 2 == 1 ? List.of(CEILING, REFERENCE, OURS) : List.of(CEILING, OURS, REFERENCE);
    }

    /** The plan as bench/run.sh reads it: the round, then its parts. */
    String line() {
        return round + " " + String.join(" ", parts);
    }
}
