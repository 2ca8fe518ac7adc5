package dev.stripeoperator.localcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a machine without the container runtime, {@code build/real-node check} and {@code build/local-cluster} say what
 * is missing and how to install it, one line each, and start nothing.
 */
class RealNodeCheckTest {

    /** What the scripts themselves run; the runtime's tools are left out of the PATH given to them. */
    private static final List<String> SHELL_TOOLS = List.of(
            "bash",
            "env",
            "id",
            "cat",
            "grep",
            "sed",
            "dirname",
            "mkdir",
            "tail",
            "sleep",
            "date",
            "awk",
            "sort",
            "ls",
            "head",
            "cut",
            "sha256sum",
            "seq");

    private final Path repository = LocalCluster.repositoryRoot(Path.of(""));

    @Test
    void withoutTheRuntimeTheCheckNamesEachMissingToolAndTheCommandThatInstallsIt(@TempDir Path bin) throws Exception {
        Result check = run(bin, repository.resolve("build/real-node").toString(), "check");

        assertThat(check.exit()).as(check.output()).isEqualTo(1);
        for (String tool : List.of("containerd", "ctr", "runc", "iptables", "socat", "openssl")) {
            assertThat(check.output())
                    .as("the line on %s", tool)
                    .containsPattern("(?m)^real-node: " + tool
                            + " is not installed; apt-get install containerd runc containernetworking-plugins");
        }
    }

    @Test
    void aClusterWithARealNodeIsNotStartedWhenTheNodeCannotRun(@TempDir Path bin, @TempDir Path cluster)
            throws Exception {
        Result start = run(
                bin,
                repository.resolve("build/local-cluster").toString(),
                "start",
                cluster.toString(),
                "0",
                "--real-node");

        assertThat(start.exit()).as(start.output()).isEqualTo(1);
        assertThat(start.output()).contains("real-node: containerd is not installed");
        assertThat(cluster.resolve("kubeconfig")).as("no control plane started").doesNotExist();
        assertThat(cluster.resolve("node")).as("no bridge set up").doesNotExist();
    }

    @Test
    void aClusterWithoutAnyNodeIsRefused(@TempDir Path cluster) throws Exception {
        Result start =
                run(null, repository.resolve("build/local-cluster").toString(), "start", cluster.toString(), "0");

        assertThat(start.exit()).as(start.output()).isEqualTo(2);
        assertThat(start.output()).contains("a cluster needs a node: NODES >= 1, or --real-node");
    }

    @Test
    void loadingAnArchiveThatIsNotThereSaysWhatBuildsIt(@TempDir Path cluster) throws Exception {
        Result load = run(
                null,
                repository.resolve("build/real-node").toString(),
                "load",
                cluster.toString(),
                cluster.resolve("receiver-0.0.0.oci.tar").toString());

        assertThat(load.exit()).as(load.output()).isEqualTo(1);
        assertThat(load.output()).contains("no real node runs for " + cluster);
    }

    private record Result(int exit, String output) {}

    /** Runs a script; with {@code bin}, on a PATH of only the shell tools linked into it. */
    private static Result run(Path bin, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (bin != null) {
            for (String tool : SHELL_TOOLS) {
                for (String dir : List.of("/usr/bin", "/bin")) {
                    Path binary = Path.of(dir, tool);
                    if (Files.isExecutable(binary) && !Files.exists(bin.resolve(tool))) {
                        Files.createSymbolicLink(bin.resolve(tool), binary);
                    }
                }
            }
            builder.environment().put("PATH", bin.toString());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }
}
