package dev.stripeoperator.bench;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How busy the machine is with work that is not the benchmark's, over a few seconds while none of it runs but an
 * idle PostgreSQL (whose own background work, an autovacuum after the last load, say, is counted apart).
 *
 * @param loadAverage   the 1, 5 and 15 minute load averages: shown, not decided on, since they still carry the
 *                      benchmark's own previous load for minutes
 * @param othersCores   cores kept busy by everything but this process and PostgreSQL, from /proc/stat
 * @param postgresCores cores kept busy by the benchmark's PostgreSQL
 * @param busiest       the other processes that used the most CPU meanwhile, e.g. {@code java (1234) 0.85}
 */
record MachineLoad(String loadAverage, double othersCores, double postgresCores, List<String> busiest) {

    private static final int BUSIEST = 3;
    /** Processes below this are noise (kernel threads, an editor) and not worth naming. */
    private static final double NAMED_CORES = 0.05;

    /** Quiet when others keep at most this many cores busy. */
    boolean quiet(double maxOthersCores) {
        return othersCores <= maxOthersCores;
    }

    /** Measures over {@code window}; blocks that long. */
    static MachineLoad measure(Duration window, long postgresPid) throws InterruptedException {
        long self = ProcessHandle.current().pid();
        String loadAverage = ProcessCpu.loadAverage();
        Map<Long, ProcessCpu.Ticks> processesBefore = ProcessCpu.processes();
        long machineBefore = ProcessCpu.machineTicks()[0];
        long postgresBefore = ProcessCpu.treeTicks(postgresPid);
        long selfBefore = ProcessCpu.treeTicks(self);
        long start = System.nanoTime();
        Thread.sleep(window);
        double seconds = (System.nanoTime() - start) / 1e9;
        double machine = cores(ProcessCpu.machineTicks()[0] - machineBefore, seconds);
        double postgres = cores(ProcessCpu.treeTicks(postgresPid) - postgresBefore, seconds);
        double ours = cores(ProcessCpu.treeTicks(self) - selfBefore, seconds);
        return new MachineLoad(
                loadAverage,
                Math.max(0, machine - postgres - ours),
                postgres,
                busiest(processesBefore, ProcessCpu.processes(), seconds, Set.of(self, postgresPid)));
    }

    /** The processes other than {@code ours} and their children that used the most CPU between the two readings. */
    static List<String> busiest(
            Map<Long, ProcessCpu.Ticks> before, Map<Long, ProcessCpu.Ticks> after, double seconds, Set<Long> ours) {
        return after.entrySet().stream()
                .filter(e -> !ours.contains(e.getKey())
                        && !ours.contains(e.getValue().ppid()))
                .map(e -> {
                    ProcessCpu.Ticks earlier = before.get(e.getKey());
                    long used = e.getValue().ticks() - (earlier == null ? 0 : earlier.ticks());
                    return Map.entry(e.getValue().name() + " (" + e.getKey() + ")", cores(used, seconds));
                })
                .filter(e -> e.getValue() >= NAMED_CORES)
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(BUSIEST)
                .map(e -> e.getKey() + String.format(Locale.ROOT, " %.2f", e.getValue()))
                .toList();
    }

    private static double cores(long ticks, double seconds) {
        return ticks / ProcessCpu.TICKS_PER_SECOND / seconds;
    }
}
