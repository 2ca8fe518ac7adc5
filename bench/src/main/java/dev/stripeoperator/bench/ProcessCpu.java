package dev.stripeoperator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time from Linux's /proc, in clock ticks (USER_HZ, 100 per second on Linux): per process tree and machine-wide.
 */
final class ProcessCpu {

    static final double TICKS_PER_SECOND = 100.0;

    private static final Path PROC = Path.of("/proc");

    private ProcessCpu() {}

    /**
     * User and system time of the process, of its children that ended, and of its live direct children
     * (PostgreSQL runs one backend process per connection under the postmaster).
     */
    static long treeTicks(long pid) {
        long[] self = stat(pid);
        if (self == null) {
            return 0;
        }
        long ticks = self[1] + self[2] + self[3] + self[4];
        try (Stream<Path> entries = Files.list(PROC)) {
            ticks += entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(name -> stat(Long.parseLong(name)))
                    .filter(child -> child != null && child[0] == pid)
                    .mapToLong(child -> child[1] + child[2])
                    .sum();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return ticks;
    }

    /** Busy and total ticks summed over all CPUs since boot; busy excludes idle and iowait. */
    static long[] machineTicks() {
        try {
            String[] fields =
                    Files.readAllLines(PROC.resolve("stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, as uptime prints them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(PROC.resolve("loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A live process: its parent, its command name and its own user and system time so far. */
    record Ticks(long ppid, String name, long ticks) {}

    /** Every live process by pid (kernel threads too). */
    static Map<Long, Ticks> processes() {
        Map<Long, Ticks> processes = new HashMap<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .forEach(name -> {
                        long pid = Long.parseLong(name);
                        String stat = read(pid);
                        if (stat != null) {
                            long[] fields = fields(stat);
                            processes.put(
                                    pid,
                                    new Ticks(
                                            fields[0],
                                            stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
                                            fields[1] + fields[2]));
                        }
                    });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return processes;
    }

    /** ppid, utime, stime, cutime, cstime of a process; null when it is gone. */
    private static long[] stat(long pid) {
        String stat = read(pid);
        return stat == null ? null : fields(stat);
    }

    private static String read(long pid) {
        try {
            return Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
        } catch (IOException e) {
            return null;
        }
    }

    private static long[] fields(String stat) {
        // The command name in parentheses may contain spaces; the numeric fields follow its closing parenthesis.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {
            Long.parseLong(f[1]),
            Long.parseLong(f[11]),
            Long.parseLong(f[12]),
            Long.parseLong(f[13]),
            Long.parseLong(f[14])
        };
    }
}
