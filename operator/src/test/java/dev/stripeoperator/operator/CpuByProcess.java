package dev.stripeoperator.operator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of every live process from Linux's /proc, to tell what the machine's cores did between two snapshots: the
 * API server, etcd, the cluster's controllers, the operator or the benchmark itself.
 */
final class CpuByProcess {

    /** Linux's USER_HZ. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<Long, Process> processes;
    private final long machineTicks;

    /** A process is the same one while its pid and start time are: a kernel worker renames itself as it works. */
    private record Process(String name, long started, long ticks) {}

    private CpuByProcess(Map<Long, Process> processes, long machineTicks) {
        this.processes = processes;
        this.machineTicks = machineTicks;
    }

    static CpuByProcess snapshot() {
        Map<Long, Process> processes = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .forEach(pid -> read(pid).ifPresent(process -> processes.put(pid, process)));
            String[] cpu =
                    Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(cpu.length, 9); i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(cpu[i]);
            }
            return new CpuByProcess(processes, busy);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
    }

    /**
     * CPU seconds used since {@code before}, by command name (the processes in {@code names} by the name given), most
     * first, with the machine's busy seconds over all cores.
     */
    String since(CpuByProcess before, Map<Long, String> names) {
        Map<String, Double> seconds = new TreeMap<>();
        processes.forEach((pid, now) -> {
            Process then = before.processes.get(pid);
            long ticks = now.ticks - (then != null && then.started == now.started ? then.ticks : 0);
            if (ticks > 0) {
                seconds.merge(names.getOrDefault(pid, now.name), ticks / TICKS_PER_SECOND, Double::sum);
            }
        });
        return String.format("%.0f s busy over all cores: ", (machineTicks - before.machineTicks) / TICKS_PER_SECOND)
                + seconds.entrySet().stream()
                        .filter(e -> e.getValue() >= 0.5)
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .map(e -> String.format("%s %.0f s", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "));
    }

    /** The command name and user plus system time of a process, if it is still there. */
    private static Optional<Process> read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String[] fields = stat.substring(close + 2).split(" ");
            // after the name: state(0) ppid(1) ... utime(11) stime(12) ... starttime(19)
            return Optional.of(new Process(
                    stat.substring(open + 1, close),
                    Long.parseLong(fields[19]),
                    Long.parseLong(fields[11]) + Long.parseLong(fields[12])));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }
}
