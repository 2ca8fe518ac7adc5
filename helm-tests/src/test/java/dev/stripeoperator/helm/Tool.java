package dev.stripeoperator.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command-line tool (helm, kubectl) run as a child process from the repository root. */
record Tool(Path binary, Path workingDirectory) {

    private static final long TIMEOUT_SECONDS = 120;

    CommandResult run(List<String> arguments) {
        return run(arguments, TIMEOUT_SECONDS);
    }

    CommandResult run(List<String> arguments, long timeoutSeconds) {
        return run(arguments, timeoutSeconds, java.util.Map.of());
    }

    /** Runs the tool with {@code environment} added to this process's. */
    CommandResult run(List<String> arguments, java.util.Map<String, String> environment) {
        return run(arguments, TIMEOUT_SECONDS, environment);
    }

    private CommandResult run(List<String> arguments, long timeoutSeconds, java.util.Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(arguments);
        try {
            // Output goes to files, not pipes, so that a chatty process can never block on a full pipe.
            Path out = Files.createTempFile("tool-", ".out");
            Path err = Files.createTempFile("tool-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(workingDirectory.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("did not finish within " + timeoutSeconds + " s: " + command);
                }
                return new CommandResult(command, process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
