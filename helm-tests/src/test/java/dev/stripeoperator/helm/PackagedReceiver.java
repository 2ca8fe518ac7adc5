package dev.stripeoperator.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/** The packaged receiver ({@code java -jar receiver/target/receiver.jar serve}) as a process on a loopback port. */
final class PackagedReceiver implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PackagedReceiver(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the jar the build packaged with {@code settings} as its environment and waits until it is ready. */
    static PackagedReceiver start(Repository repository, Map<String, String> settings) {
        Path jar = repository.root().resolve("receiver/target/receiver.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: package the receiver first (make build, or mvn -pl receiver package)");
        }
        try {
            int port = freePort();
            Path log = Files.createTempFile("receiver-", ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString(), "serve")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(settings);
            builder.environment().put("PORT", Integer.toString(port));
            PackagedReceiver receiver = new PackagedReceiver(builder.start(), log, port);
            Awaitility.await()
                    .atMost(START)
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .failFast(() -> {
                        if (!receiver.process.isAlive()) {
                            throw new AssertionError("the receiver exited:\n" + receiver.log());
                        }
                    })
                    .until(() -> receiver.get("/observe/health/ready").statusCode() == 200);
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POSTs a delivery with these headers to the webhook path; the answer's status. */
    int deliver(String payload, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/webhooks/stripe"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        headers.forEach(request::header);
        return send(request.build()).statusCode();
    }

    /** Its Prometheus metrics, as a scraper reads them. */
    Exposition metrics() {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/observe/metrics"))
                .header("Accept", "text/plain")
                .build());
        if (answer.statusCode() != 200) {
            throw new AssertionError("GET /observe/metrics answered " + answer.statusCode() + ": " + answer.body());
        }
        return Exposition.parse(answer.body());
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            http.close();
        }
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Headers of a delivery, for readability at the call site. */
    static Map<String, String> signature(String header) {
        return header == null ? Map.of() : Map.of("Stripe-Signature", header);
    }
}
