package dev.stripeoperator.localcluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs the repository's scripts and the tools they install, with a bound on how long each may take. */
final class Commands {

    private Commands() {}

    /** Runs {@code command}; what it printed (standard output and error). Fails with its last lines. */
    static String run(List<String> command, Duration timeout) {
        return String.join("\n", run(line -> {}, timeout, Map.of(), command));
    }

    /**
     * Runs {@code command} with {@code environment} added to this process's, passing each line it prints to
     * {@code progress}; every line it printed. Fails with its last lines when it fails or outlasts {@code timeout}.
     */
    static List<String> run(
            Consumer<String> progress, Duration timeout, Map<String, String> environment, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        List<String> output = new ArrayList<>();
        try {
            Process process = builder.start();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        synchronized (output) {
                            output.add(line);
                        }
                        progress.accept(line);
                    }
                } catch (IOException e) {
                    // The process ended; what it printed so far is reported below.
                }
            });
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            reader.join(Duration.ofSeconds(5));
            if (process.exitValue() != 0) {
                synchronized (output) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                            + "):\n"
                            + String.join("\n", output.subList(Math.max(0, output.size() - 20), output.size())));
                }
            }
            synchronized (output) {
                return List.copyOf(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
    }
}
