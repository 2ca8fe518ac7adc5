package dev.stripeoperator.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release's notes (build/release-notes): its CHANGELOG.md section, the images and the chart by digest, how to
 * install and verify them; no notes, and no release, without a section for the version.
 */
class ReleaseNotesIT {

    private static final Repository REPOSITORY = Repository.current();
    private static final String OPERATOR = "sha256:" + "a1".repeat(32);
    private static final String RECEIVER = "sha256:" + "b2".repeat(32);
    private static final String CHART = "sha256:" + "c3".repeat(32);

    @Test
    void theNotesCarryTheVersionsChangesTheDigestsAndHowToVerify(@TempDir Path dir) throws IOException {
        Path changelog = changelog(dir, """
                # Changelog

                ## 1.4.0 (2027-01-15)

                ### Added
                - Something people asked for.

                ## 1.3.0

                - Something older.
                """);

        CommandResult notes =
                notes(changelog, "1.4.0", OPERATOR, RECEIVER, CHART).requireSuccess();

        assertThat(notes.stdout())
                .contains("- Something people asked for.")
                .doesNotContain("Something older")
                .contains("ghcr.io/stripe-webhook-operator/operator:1.4.0@" + OPERATOR)
                .contains("ghcr.io/stripe-webhook-operator/receiver:1.4.0@" + RECEIVER)
                .contains("oci://ghcr.io/stripe-webhook-operator/charts/stripe-webhook-operator:1.4.0@" + CHART)
                .contains("--version 1.4.0")
                .contains("cosign verify ghcr.io/stripe-webhook-operator/operator@" + OPERATOR)
                .contains("'^https://github.com/stripe-webhook-operator/stripe-webhook-operator/"
                        + "\\.github/workflows/release\\.yml@refs/tags/v'")
                .contains("--certificate-oidc-issuer https://token.actions.githubusercontent.com");
    }

    @Test
    void aVersionWithoutItsOwnSectionGetsNoNotes(@TempDir Path dir) throws IOException {
        Path changelog = changelog(dir, """
                # Changelog

                ## Unreleased (1.4.0)

                - Not named yet.

                ## 1.4.01

                - Another version that only starts like it.
                """);

        CommandResult refused = notes(changelog, "1.4.0", OPERATOR, RECEIVER, CHART);

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("CHANGELOG.md has no section '## 1.4.0'");
    }

    @Test
    void somethingThatIsNoDigestIsRefused(@TempDir Path dir) throws IOException {
        CommandResult refused = notes(changelog(dir, "## 1.4.0\n\n- x\n"), "1.4.0", OPERATOR, "latest", CHART);

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("got 'latest'");
    }

    private static Path changelog(Path dir, String text) throws IOException {
        return Files.writeString(dir.resolve("CHANGELOG.md"), text);
    }

    private static CommandResult notes(Path changelog, String... arguments) {
        return new Tool(REPOSITORY.root().resolve("build/release-notes"), REPOSITORY.root())
                .run(List.of(arguments), Map.of("CHANGELOG", changelog.toString()));
    }
}
