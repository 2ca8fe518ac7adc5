package dev.stripeoperator.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The local cluster's real node ({@code build/real-node}): a kubelet whose pods run in containers on this machine,
 * with containerd and runc, on a bridge that reaches this machine at {@link #address()}.
 *
 * @param name the Node's name
 * @param address this machine's address as the pods see it (the bridge's); servers the pods use listen here
 * @param podSubnet the pods' addresses
 * @param containerdAddress the node's containerd socket
 * @param cgroupRoot the cgroup (in every controller) that holds the node's pods
 */
public record RealNode(String name, String address, String podSubnet, Path containerdAddress, String cgroupRoot) {

    private static final Path CGROUP_MEMORY = Path.of("/sys/fs/cgroup/memory");

    /** The real node of the cluster under {@code clusterDirectory}, if it has one. */
    static Optional<RealNode> of(Path clusterDirectory) {
        Path file = clusterDirectory.resolve("node/node.env");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, String> env = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new RealNode(
                env.get("NODE_NAME"),
                env.get("NODE_ADDRESS"),
                env.get("POD_SUBNET"),
                Path.of(env.get("CONTAINERD_ADDRESS")),
                env.get("CGROUP_ROOT")));
    }

    /** The runtime's id of {@code container} in {@code pod}'s current status. */
    public static String containerId(Pod pod, String container) {
        ContainerStatus status = pod.getStatus().getContainerStatuses().stream()
                .filter(s -> s.getName().equals(container))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "pod " + pod.getMetadata().getName() + " has no status of container " + container));
        String id = status.getContainerID();
        if (id == null || !id.startsWith("containerd://")) {
            throw new IllegalStateException("container " + container + " of "
                    + pod.getMetadata().getName() + " has no containerd id yet: " + id);
        }
        return id.substring("containerd://".length());
    }

    /** The process id, on this machine, of the container's main process. */
    public long pid(String containerId) {
        String tasks = Commands.run(
                List.of("ctr", "--address", containerdAddress.toString(), "-n", "k8s.io", "tasks", "list"),
                java.time.Duration.ofSeconds(30));
        return tasks.lines()
                .map(line -> line.trim().split("\\s+"))
                .filter(fields -> fields.length >= 3 && fields[0].equals(containerId))
                .map(fields -> Long.parseLong(fields[1]))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("containerd runs no task " + containerId));
    }

    /** Kills the container's main process with SIGKILL, as the kernel's OOM killer or a crash would end it. */
    public void kill(String containerId) {
        long pid = pid(containerId);
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("no process " + pid + " of container " + containerId));
        if (!process.destroyForcibly()) {
            throw new IllegalStateException("could not kill process " + pid + " of container " + containerId);
        }
    }

    /** The most memory the container's cgroup has used since it started, as the kernel counts it (cgroup v1). */
    public long memoryPeakBytes(String containerId) {
        Path cgroup = containerCgroup(containerId);
        try {
            return Long.parseLong(Files.readString(cgroup.resolve("memory.max_usage_in_bytes"))
                    .trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory of container " + containerId, e);
        }
    }

    /** The memory limit the kubelet set on the container's cgroup. */
    public long memoryLimitBytes(String containerId) {
        Path cgroup = containerCgroup(containerId);
        try {
            return Long.parseLong(
                    Files.readString(cgroup.resolve("memory.limit_in_bytes")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory limit of container " + containerId, e);
        }
    }

    private Path containerCgroup(String containerId) {
        Path root = CGROUP_MEMORY.resolve(cgroupRoot);
        try (Stream<Path> dirs = Files.walk(root)) {
            return dirs.filter(Files::isDirectory)
                    .filter(dir -> dir.getFileName().toString().equals(containerId))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no memory cgroup of container " + containerId
                            + " under " + root + " (the node's cgroups are v1 here; see build/real-node)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
