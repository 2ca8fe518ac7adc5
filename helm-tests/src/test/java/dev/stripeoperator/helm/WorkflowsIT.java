package dev.stripeoperator.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GitHub Actions workflows as far as they can be checked without GitHub: actionlint (built from the Go module
 * proxy, build/actionlint) finds nothing, every action is pinned to a commit, every job holds only the permissions it
 * needs, and the release builds with the make targets that run here.
 */
class WorkflowsIT {

    private static final Repository REPOSITORY = Repository.current();
    private static final Path WORKFLOWS = REPOSITORY.root().resolve(".github/workflows");
    private static final Pattern USES = Pattern.compile("(?m)^\\s*-?\\s*uses:\\s*(\\S+)(.*)$");

    private static Tool actionlint;

    @BeforeAll
    static void buildActionlint() {
        actionlint = REPOSITORY.builtTool("actionlint");
    }

    @Test
    void actionlintFindsNothingInAnyWorkflow() throws IOException {
        List<String> files = workflows().map(Path::toString).toList();
        assertThat(files).hasSizeGreaterThanOrEqualTo(2);

        CommandResult result = lint(files);

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    }

    @Test
    void actionlintIsNoRubberStampItRefusesABrokenWorkflow(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, """
                on: push
                permissions: { contents: wrong }
                jobs:
                  build:
                    runs-on: ubuntu-24.04
                    steps:
                      - run: echo "${{ steps.nothing.outputs.value }}"
                """);

        CommandResult result = lint(List.of(broken.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("permission").contains("steps.nothing");
    }

    @Test
    void everyActionIsPinnedToACommitWithItsVersionBeside() throws IOException {
        try (Stream<Path> files = workflows()) {
            for (Path file : files.toList()) {
                Matcher uses = USES.matcher(Files.readString(file));
                while (uses.find()) {
                    assertThat(uses.group(1))
                            .as("%s: %s", file.getFileName(), uses.group())
                            .matches("[\\w.-]+/[\\w./-]+@[0-9a-f]{40}");
                    assertThat(uses.group(2).trim())
                            .as("%s: the version beside %s", file.getFileName(), uses.group(1))
                            .matches("# v\\d+(\\.\\d+)*");
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void noWorkflowGrantsAnythingByDefaultAndEachJobOnlyWhatItUses() throws IOException {
        try (Stream<Path> files = workflows()) {
            for (Path file : files.toList()) {
                Map<String, Object> workflow = Serialization.unmarshal(Files.readString(file), Map.class);
                assertThat((Map<String, Object>) workflow.get("permissions"))
                        .as("%s: top-level permissions", file.getFileName())
                        .isEmpty();
                Map<String, Map<String, Object>> jobs = (Map<String, Map<String, Object>>) workflow.get("jobs");
                jobs.forEach((name, job) -> assertThat(job)
                        .as("%s: job %s states its permissions", file.getFileName(), name)
                        .containsKey("permissions"));
            }
        }
        Map<String, Map<String, Object>> release = jobs("release.yml");
        assertThat(release.get("build").get("permissions")).isEqualTo(Map.of("contents", "read"));
        assertThat(release.get("publish").get("permissions"))
                .isEqualTo(
                        Map.of("contents", "read", "packages", "write", "id-token", "write", "attestations", "write"));
        assertThat(release.get("release").get("permissions")).isEqualTo(Map.of("contents", "write"));
        assertThat(jobs("ci.yml").get("test").get("permissions")).isEqualTo(Map.of("contents", "read"));
    }

    @Test
    void theReleaseBuildsWithTheMakeTargetsThatRunHereAndCiRunsCiRun() throws IOException {
        String release = Files.readString(WORKFLOWS.resolve("release.yml"));
        assertThat(release)
                .contains("make images PLATFORMS=linux/amd64,linux/arm64")
                .contains("make sbom")
                .contains("make chart CHART_DIST=dist/chart OPERATOR_DIGEST=")
                .contains("build/release-notes")
                .contains("cosign sign --yes")
                .contains("cosign attest --yes --type cyclonedx");
        assertThat(Files.readString(WORKFLOWS.resolve("ci.yml"))).contains(".ci/run");
    }

    private static CommandResult lint(List<String> files) {
        List<String> arguments = new java.util.ArrayList<>(List.of("-no-color", "-shellcheck=", "-pyflakes="));
        arguments.addAll(files);
        return actionlint.run(arguments);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> jobs(String file) throws IOException {
        Map<String, Object> workflow = Serialization.unmarshal(Files.readString(WORKFLOWS.resolve(file)), Map.class);
        return (Map<String, Map<String, Object>>) workflow.get("jobs");
    }

    private static Stream<Path> workflows() throws IOException {
        return Files.list(WORKFLOWS).filter(file -> file.toString().endsWith(".yml"));
    }
}
