package dev.stripeoperator.standin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real stripe-mock (Stripe's API mock, which checks every request against Stripe's OpenAPI specification and
 * answers with fixtures) on a loopback port, built by {@code build/stripe-mock} from the Go module proxy when it is
 * not built yet; with what it printed about each request it handled. The receiver's and the operator's tests check
 * their Stripe API calls with it.
 */
public final class StripeMock implements AutoCloseable {

    /** One request as stripe-mock handled it: its method and path, the parameters it parsed, its answer. */
    public record Handled(String request, String parameters, int status, List<String> complaints) {}

    private static final Path BUILD_SCRIPT = Path.of("..", "build", "stripe-mock");
    private static final Pattern LISTENING = Pattern.compile("Listening for HTTP at address: (127\\.0\\.0\\.1:\\d+)");
    private static final Pattern RESPONSE = Pattern.compile("Response: elapsed=\\S+ status=(\\d+)");
    private static final long BUILD_MINUTES = 10;
    private static final long START_SECONDS = 30;

    private final Process process;
    private final String address;
    private final List<String> output;

    private StripeMock(Process process, String address, List<String> output) {
        this.process = process;
        this.address = address;
        this.output = output;
    }

    /** Builds stripe-mock if needed and starts it on 127.0.0.1; fails (never skips) when either is impossible. */
    public static StripeMock start() throws IOException, InterruptedException {
        Path binary = build();
        // Both listeners on loopback: without -https-addr it also serves HTTPS on every interface.
        Process process = new ProcessBuilder(binary.toString(), "-http-addr", "127.0.0.1:", "-https-addr", "127.0.0.1:")
                .redirectErrorStream(true)
                .start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("stripe-mock-output").start(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        listening.complete(matcher.group(1));
                    } else if (!line.startsWith("Compiled path:")) {
                        output.add(line);
                    }
                }
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IllegalStateException("stripe-mock exited: " + output));
        });
        try {
            return new StripeMock(process, listening.get(START_SECONDS, TimeUnit.SECONDS), output);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "stripe-mock did not start listening within " + START_SECONDS + " s: " + e + "; output: " + output,
                    e);
        }
    }

    private static Path build() throws IOException, InterruptedException {
        if (!Files.isExecutable(BUILD_SCRIPT)) {
            throw new IllegalStateException("no "
                    + BUILD_SCRIPT.toAbsolutePath().normalize() + ": run the tests from a module of the repository");
        }
        Path log = Files.createTempFile("stripe-mock-build", ".log");
        try {
            Process build = new ProcessBuilder(BUILD_SCRIPT.toString())
                    .redirectError(log.toFile())
                    .start();
            String printed = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!build.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
                build.destroyForcibly();
                throw new IllegalStateException("build/stripe-mock took longer than " + BUILD_MINUTES + " minutes");
            }
            if (build.exitValue() != 0 || printed.isEmpty()) {
                throw new IllegalStateException("cannot build stripe-mock, which this test needs (exit "
                        + build.exitValue() + "): " + Files.readString(log).strip());
            }
            return Path.of(printed.lines().reduce((first, last) -> last).orElseThrow());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** What to give as STRIPE_API_BASE. */
    public String baseUrl() {
        return "http://" + address;
    }

    /**
     * The requests handled so far, once stripe-mock printed at least {@code count} of them: it prints a request after
     * answering it, so a client that has its answer may look before the line is there. Waits at most 10 seconds.
     */
    public List<Handled> handled(int count) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        List<Handled> handled = handled();
        while (handled.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            handled = handled();
        }
        return handled;
    }

    /** Every request handled so far, in order. */
    public List<Handled> handled() {
        List<Handled> handled = new ArrayList<>();
        String request = null;
        String parameters = "";
        List<String> complaints = new ArrayList<>();
        for (String line : output) {
            Matcher response = RESPONSE.matcher(line);
            if (line.startsWith("Request: ")) {
                request = line.substring("Request: ".length());
                parameters = "";
                complaints = new ArrayList<>();
            } else if (line.startsWith("Request data = ")) {
                parameters = line.substring("Request data = ".length());
            } else if (response.matches() && request != null) {
                handled.add(new Handled(request, parameters, Integer.parseInt(response.group(1)), complaints));
                request = null;
            } else if (request != null) {
                complaints.add(line);
            }
        }
        return handled;
    }

    /** Forgets the requests handled so far. */
    public void clear() {
        output.clear();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
