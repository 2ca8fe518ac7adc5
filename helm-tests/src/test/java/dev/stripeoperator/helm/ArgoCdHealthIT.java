package dev.stripeoperator.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Argo CD health check reports each sample status as health_test.yaml expects, run as Argo CD runs a script from
 * argocd-cm: on gopher-lua (Lua 5.1) with only the base and table libraries (build/argocd-health).
 */
class ArgoCdHealthIT {

    private static final Repository REPOSITORY = Repository.current();
    private static final Path ARGOCD = REPOSITORY.gitops().resolve("argocd");

    private static Tool runner;
    private static LuaHealthCheck check;

    @BeforeAll
    static void interpreter() {
        runner = REPOSITORY.builtTool("argocd-health");
        check = new LuaHealthCheck(runner, ARGOCD.resolve("health.lua"));
    }

    static Stream<Map<String, Object>> cases() throws IOException {
        return expectations().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void reportsTheExpectedHealth(Map<String, Object> testCase) {
        Map<String, Object> resource = sample((String) testCase.get("inputPath"));

        LuaHealthCheck.Health health = check.evaluate(resource);

        assertThat(health).isEqualTo(LuaHealthCheck.Health.of((Map<String, Object>) testCase.get("healthStatus")));
    }

    @Test
    void everySampleStatusHasAnExpectation() throws IOException {
        List<String> tested = expectations().stream()
                .map(test -> (String) test.get("inputPath"))
                .toList();

        try (Stream<Path> files = Files.list(ARGOCD.resolve("testdata"))) {
            assertThat(files.map(file -> "testdata/" + file.getFileName())).containsExactlyInAnyOrderElementsOf(tested);
        }
        assertThat(tested.stream()
                        .map(path -> check.evaluate(sample(path)).status())
                        .distinct())
                .as("the check tells every health apart")
                .contains("Healthy", "Progressing", "Degraded");
    }

    @Test
    void aScriptErrorIsReportedNotMistakenForAHealth(@TempDir Path dir) throws IOException {
        LuaHealthCheck broken = script(dir, "return obj.status.missing.field");

        assertThatThrownBy(() -> broken.evaluate(Map.of("status", Map.of())))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("attempt to index");
    }

    /** Argo CD runs Lua 5.1: integer division, bitwise operators and utf8 of Lua 5.3 and later are not there. */
    @Test
    void aScriptWrittenForANewerLuaFailsAsItWouldInArgoCd(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> script(dir, "return { status = \"Healthy\", message = tostring(7 // 2) }")
                        .evaluate(Map.of()))
                .hasMessageContaining("syntax error");
        assertThatThrownBy(() -> script(dir, "return { status = \"Healthy\", message = utf8.char(72) }")
                        .evaluate(Map.of()))
                .hasMessageContaining("attempt to index a non-table object(nil)");
    }

    /** A script from argocd-cm has neither the string library nor string methods, unless useOpenLibs is set for it. */
    @Test
    void theStringLibraryIsNotThereAsInArgoCdsSandbox(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> script(dir, "return { status = string.upper(\"healthy\") }")
                        .evaluate(Map.of()))
                .hasMessageContaining("attempt to index a non-table object(nil)");
        assertThatThrownBy(() ->
                        script(dir, "return { status = (\"Healthy\"):sub(1) }").evaluate(Map.of()))
                .hasMessageContaining("attempt to index a non-table object(string)");
    }

    @Test
    void aStatusArgoCdDoesNotKnowBecomesUnknown(@TempDir Path dir) throws IOException {
        assertThat(script(dir, "return { status = \"Fine\" }").evaluate(Map.of()))
                .isEqualTo(new LuaHealthCheck.Health("Unknown", "Lua returned an invalid health status"));
    }

    private static LuaHealthCheck script(Path dir, String lua) throws IOException {
        Path file = Files.createTempFile(dir, "health-", ".lua");
        Files.writeString(file, lua);
        return new LuaHealthCheck(runner, file);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> expectations() throws IOException {
        Map<String, Object> file =
                Serialization.unmarshal(Files.readString(ARGOCD.resolve("health_test.yaml")), Map.class);
        return (List<Map<String, Object>>) file.get("tests");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sample(String path) {
        try {
            return Serialization.unmarshal(Files.readString(ARGOCD.resolve(path)), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
