package dev.stripeoperator.receiver;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.stripeoperator.receiver.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The receiver as an operator sees it start: a bad setting is one clear line and a non-zero exit, no stack trace. */
class ReceiverMainIT {

    @Test
    void noSigningSecretExitsWithOneLine() throws Exception {
        Result result = run(Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/none"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errorLines())
                .containsExactly(
                        "receiver: configuration error: no signing secret: set SIGNING_SECRETS_DIR (a directory with a file "
                                + "'current') or STRIPE_WEBHOOK_SECRET");
    }

    @Test
    void malformedSettingNamesTheVariable() throws Exception {
        Result result = run(Map.of("STRIPE_WEBHOOK_SECRET", "whsec_x", "MAX_BODY_BYTES", "lots"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errorLines())
                .containsExactly("receiver: configuration error: MAX_BODY_BYTES must be a whole number, got 'lots'");
    }

    @Test
    void aRequestReadTimeoutThatIsNoPositiveDurationNamesTheVariable() throws Exception {
        Result result = run(Map.of("STRIPE_WEBHOOK_SECRET", "whsec_x", "REQUEST_READ_TIMEOUT", "0s"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errorLines())
                .containsExactly("receiver: configuration error: REQUEST_READ_TIMEOUT must be a positive duration such"
                        + " as 45s, 90m, 26h or 1h30m, got '0s'");
    }

    @Test
    void blankDatabaseUrlStopsTheStartInsteadOfFallingBackToAnEmbeddedDatabase() throws Exception {
        Result result = run(Map.of("STRIPE_WEBHOOK_SECRET", "whsec_x", "DATABASE_URL", "   "));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errorLines())
                .singleElement()
                .asString()
                .startsWith("receiver: configuration error: DATABASE_URL is unset or blank");
    }

    @Test
    void unreachableDatabaseAtStartIsRetriedWithoutExitingOrPrintingSecrets() throws Exception {
        java.nio.file.Path output = java.nio.file.Files.createTempFile("main-it", ".log");
        Process process = command(Map.of(
                        "STRIPE_WEBHOOK_SECRET",
                        "whsec_do_not_print",
                        "DATABASE_URL",
                        "jdbc:postgresql://127.0.0.1:1/stripe",
                        "DATABASE_PASSWORD",
                        "pw_do_not_print"))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> java.nio.file.Files.readString(output)
                            .contains("database outcome=unavailable retry_in_ms=2000"));
            String log = java.nio.file.Files.readString(output);

            assertThat(log)
                    .contains("database outcome=unavailable retry_in_ms=1000 error=")
                    .doesNotContain("whsec_do_not_print", "pw_do_not_print");
            assertThat(process.isAlive())
                    .as("still running, answering 503:%n%s", log)
                    .isTrue();
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            java.nio.file.Files.delete(output);
        }
    }

    @Test
    void portAlreadyInUseExitsNonZeroInsteadOfRunningDeaf() throws Exception {
        try (TestDatabase db = TestDatabase.start();
                ServerSocket taken = new ServerSocket(0)) {
            Result result = run(Map.of(
                    "STRIPE_WEBHOOK_SECRET",
                    "whsec_x",
                    "DATABASE_URL",
                    db.jdbcUrl(),
                    "PORT",
                    String.valueOf(taken.getLocalPort())));

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.errorLines())
                    .last()
                    .asString()
                    .isEqualTo("receiver: cannot listen on port " + taken.getLocalPort() + " (see the log above)");
        }
    }

    @Test
    void unknownCommandIsRefused() throws Exception {
        Result result = run(Map.of("STRIPE_WEBHOOK_SECRET", "whsec_x"), "launch");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errorLines()).singleElement().asString().contains("unknown command 'launch'");
    }

    @Test
    void theDeadLetterCommandsRunFromTheEntryPointWithoutASigningSecret() throws Exception {
        try (TestDatabase db = TestDatabase.start()) {
            Map<String, String> env = Map.of("DATABASE_URL", db.jdbcUrl(), "ENDPOINT_NAME", "payments/billing");

            Result discard = run(env, "discard", "--reason", "nothing to give up yet");
            Result list = run(env, "list", "--status", "discarded");
            Result replay = run(env, "replay", "--dry-run");
            Result badList = run(env, "list", "--status", "gone");

            assertThat(discard.exitCode())
                    .as("discard: %s", discard.errorLines())
                    .isZero();
            assertThat(list.exitCode()).as("list: %s", list.errorLines()).isZero();
            assertThat(replay.exitCode()).as("replay: %s", replay.errorLines()).isZero();
            assertThat(badList.exitCode()).isEqualTo(2);
            assertThat(badList.errorLines()).first().asString().startsWith("list: --status must be");
        }
    }

    private record Result(int exitCode, List<String> errorLines) {}

    /** Runs {@link ReceiverMain} in a fresh JVM with only these settings in its environment. */
    private static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Process process = start(env, args);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("the receiver exits")
                .isTrue();
        List<String> lines = stderr.lines()
                .filter(line -> !line.startsWith("WARNING:")) // JDK notices about sun.misc.Unsafe in libraries
                .toList();
        return new Result(process.exitValue(), lines);
    }

    private static Process start(Map<String, String> env, String... args) throws IOException {
        return command(env, args)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static ProcessBuilder command(Map<String, String> env, String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new java.util.ArrayList<>(
                List.of(java, "-cp", System.getProperty("java.class.path"), ReceiverMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PORT", "0");
        builder.environment().putAll(env);
        return builder;
    }
}
