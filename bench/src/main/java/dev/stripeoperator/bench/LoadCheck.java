package dev.stripeoperator.bench;

import java.util.Locale;

/**
 * The machine's load just before one part of a round, written as JSON for the report.
 *
 * @param part           what ran next: {@code ceiling}, {@code reference} or {@code ours}
 * @param load           the last measurement, the one the part started after
 * @param maxOthersCores the most other work counted as quiet
 * @param quiet          false when the machine was still busy after the wait (the part ran only because
 *                       {@code BENCH_ALLOW_BUSY=1})
 * @param waitedSeconds  how long the check took, its measurements included (one when the machine was quiet)
 */
record LoadCheck(int round, String part, MachineLoad load, double maxOthersCores, boolean quiet, double waitedSeconds) {

    /** One line for the log and the report, e.g. {@code 0.42 cores busy by others (load 1.2 0.9 0.7)}. */
    String summary() {
        String text = String.format(
                Locale.ROOT,
                "%.2f cores busy by others, PostgreSQL %.2f (load average %s)",
                load.othersCores(),
                load.postgresCores(),
                load.loadAverage());
        return load.busiest().isEmpty() ? text : text + "; busiest: " + String.join(", ", load.busiest());
    }
}
