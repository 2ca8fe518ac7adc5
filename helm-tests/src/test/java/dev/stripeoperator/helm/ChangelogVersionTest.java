package dev.stripeoperator.helm;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CHANGELOG.md moves with the version: its newest section names the version the chart and images carry, so that what
 * a release says it changed is what it ships (build/release-notes takes the release's notes from that section).
 */
class ChangelogVersionTest {

    private final Repository repository = Repository.current();

    @Test
    void theNewestSectionOfTheChangelogNamesTheProjectsVersion() throws IOException {
        String newest = Files.readAllLines(repository.root().resolve("CHANGELOG.md")).stream()
                .filter(line -> line.startsWith("## "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("CHANGELOG.md has no section"));

        assertThat(newest)
                .as("the newest section of CHANGELOG.md, for version %s", ChartMetadata.version(repository))
                .matches("## (Unreleased \\(" + java.util.regex.Pattern.quote(ChartMetadata.version(repository))
                        + "[:)].*|" + java.util.regex.Pattern.quote(ChartMetadata.version(repository)) + "( .*)?)");
    }
}
