package dev.stripeoperator.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart as a release packages it ({@code make chart}): it runs the images of its own version, and pinned to the
 * digests the release pushed, exactly those, whatever their tags point at later.
 */
class ReleaseChartIT {

    private static final Repository REPOSITORY = Repository.current();
    private static final String VERSION = System.getProperty("project.version");
    private static final String OPERATOR_DIGEST = "sha256:" + "a1".repeat(32);
    private static final String RECEIVER_DIGEST = "sha256:" + "b2".repeat(32);

    @Test
    void aChartPackagedWithoutDigestsRunsTheImagesTaggedWithItsVersion(@TempDir Path dist) {
        Manifests rendered = render(make(dist, "chart", "CHART_DIST=" + dist).requireSuccess(), dist);

        assertThat(rendered.operatorContainer().getImage())
                .isEqualTo("ghcr.io/stripe-webhook-operator/operator:" + VERSION);
        assertThat(rendered.operatorEnv())
                .containsEntry("RECEIVER_IMAGE", "ghcr.io/stripe-webhook-operator/receiver:" + VERSION);
    }

    @Test
    void aChartPackagedForAReleasePullsTheImagesByTheDigestsItWasGiven(@TempDir Path dist) throws IOException {
        Manifests rendered = render(
                make(
                                dist,
                                "chart",
                                "CHART_DIST=" + dist,
                                "OPERATOR_DIGEST=" + OPERATOR_DIGEST,
                                "RECEIVER_DIGEST=" + RECEIVER_DIGEST)
                        .requireSuccess(),
                dist);

        assertThat(rendered.operatorContainer().getImage())
                .isEqualTo("ghcr.io/stripe-webhook-operator/operator@" + OPERATOR_DIGEST);
        assertThat(rendered.operatorEnv())
                .containsEntry("RECEIVER_IMAGE", "ghcr.io/stripe-webhook-operator/receiver@" + RECEIVER_DIGEST);
        assertThat(Files.readString(REPOSITORY.chart().resolve("values.yaml")))
                .as("the chart directory itself is left as it was")
                .doesNotContain(OPERATOR_DIGEST);
    }

    @Test
    void aDigestThatIsNoneIsRefusedAndNothingIsPackaged(@TempDir Path dist) throws IOException {
        CommandResult refused = make(
                dist, "chart", "CHART_DIST=" + dist, "OPERATOR_DIGEST=latest", "RECEIVER_DIGEST=" + RECEIVER_DIGEST);

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("an image digest is sha256: and 64 hex digits, got 'latest'");
        try (var files = Files.list(dist)) {
            assertThat(files).isEmpty();
        }
    }

    private static CommandResult make(Path dist, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("-s"));
        command.addAll(List.of(arguments));
        return REPOSITORY.systemTool("make", "make").run(command);
    }

    private static Manifests render(CommandResult made, Path dist) {
        Path packaged = dist.resolve("stripe-webhook-operator-" + VERSION + ".tgz");
        assertThat(made.stdout()).contains(packaged.toString());
        return Manifests.parse(REPOSITORY
                .tool("helm")
                .run(List.of("template", "swo", packaged.toString(), "--namespace", Helm.NAMESPACE))
                .requireSuccess()
                .stdout());
    }
}
