package dev.stripeoperator.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl ({@code make tools}) pointed at one cluster's kubeconfig. */
record Kubectl(Path binary, Path kubeconfig) {

    /** Runs kubectl and returns what it printed; a failure ends the demo with kubectl's own message. */
    String run(String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("kubectl", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new DemoFailure("kubectl " + String.join(" ", args) + " did not finish within 90 s");
                }
                String printed = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new DemoFailure("kubectl " + String.join(" ", args) + " failed: " + printed.strip());
                }
                return printed;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new DemoFailure("cannot run " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted while running kubectl");
        }
    }
}
