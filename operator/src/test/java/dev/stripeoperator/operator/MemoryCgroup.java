package dev.stripeoperator.operator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A memory cgroup with a limit, for a process started in it as a container with that memory limit would be: the JVM
 * sizes its heap and chooses its collector from the limit (below 1792 MB it runs the serial collector, where on this
 * machine's 24 GB it would run G1), and the kernel enforces the limit.
 */
final class MemoryCgroup implements AutoCloseable {

    private final Path directory;
    private final boolean version2;

    private MemoryCgroup(Path directory, boolean version2) {
        this.directory = directory;
        this.version2 = version2;
    }

    /**
     * A new cgroup {@code name} below this process's own memory cgroup, limited to {@code bytes}; empty, with the reason
     * on standard error, where this process may not create one (not root, no memory controller).
     */
    static Optional<MemoryCgroup> create(String name, long bytes) {
        try {
            Optional<String> v1 = ownPath("memory");
            boolean version2 = v1.isEmpty();
            Path parent = version2
                    ? Path.of("/sys/fs/cgroup" + ownPath("").orElse("/"))
                    : Path.of("/sys/fs/cgroup/memory" + v1.get());
            Path directory = parent.resolve(name);
            Files.createDirectories(directory);
            Files.writeString(
                    directory.resolve(version2 ? "memory.max" : "memory.limit_in_bytes"), Long.toString(bytes));
            return Optional.of(new MemoryCgroup(directory, version2));
        } catch (IOException | RuntimeException e) {
            System.err.println("no memory cgroup for the operator (" + e + ")");
            return Optional.empty();
        }
    }

    /** The command, run by a shell that first moves itself into this cgroup and then becomes the command. */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                "echo $$ > \"$0\" && exec \"$@\"",
                directory.resolve("cgroup.procs").toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The highest memory the kernel charged to the cgroup (resident memory and page cache), in bytes. */
    long peakBytes() throws IOException {
        return Long.parseLong(
                Files.readString(directory.resolve(version2 ? "memory.peak" : "memory.max_usage_in_bytes"))
                        .strip());
    }

    /** Removes the cgroup; its processes must have ended. */
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(directory);
    }

    /** This process's cgroup path in the v1 hierarchy of {@code controller}, or in the v2 hierarchy for "". */
    private static Optional<String> ownPath(String controller) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/cgroup")).stream()
                .map(line -> line.split(":", 3))
                .filter(fields -> fields.length == 3
                        && (controller.isEmpty()
                                ? fields[0].equals("0")
                                : List.of(fields[1].split(",")).contains(controller)))
                .map(fields -> fields[2])
                .findFirst();
    }
}
