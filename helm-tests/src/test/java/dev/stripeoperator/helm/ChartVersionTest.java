package dev.stripeoperator.helm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart carries the project's one version (the root pom's revision), which also tags the images and names the
 * operator's default receiver image: a chart released with another would install images nobody built.
 */
class ChartVersionTest {

    private static final String PROJECT_VERSION = System.getProperty("project.version");

    private final Repository repository = Repository.current();

    @Test
    void theChartsVersionAndAppVersionAreTheProjectsVersion() {
        assertThat(PROJECT_VERSION).as("the build passes the project's version").isNotBlank();

        assertThat(ChartMetadata.version(repository))
                .as("Chart.yaml version; `make version VERSION=%s` sets it", PROJECT_VERSION)
                .isEqualTo(PROJECT_VERSION);
        assertThat(ChartMetadata.appVersion(repository))
                .as("Chart.yaml appVersion; `make version VERSION=%s` sets it", PROJECT_VERSION)
                .isEqualTo(PROJECT_VERSION);
    }
}
