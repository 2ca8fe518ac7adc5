package dev.stripeoperator.helm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code make chart} packages the chart as a versioned .tgz that holds everything the chart directory renders. */
class ChartPackageIT {

    private static final Repository REPOSITORY = Repository.current();

    @TempDir
    static Path dist;

    private static Tool helm;
    private static Path packaged;
    private static Map<String, Object> chart;

    @BeforeAll
    static void makeChart() throws IOException {
        REPOSITORY
                .systemTool("make", "make")
                .run(List.of("-s", "chart", "CHART_DIST=" + dist))
                .requireSuccess();
        helm = REPOSITORY.tool("helm");
        chart = Serialization.unmarshal(Files.readString(REPOSITORY.chart().resolve("Chart.yaml")), Map.class);
        packaged = dist.resolve("stripe-webhook-operator-" + chart.get("version") + ".tgz");
    }

    @Test
    void theArchiveIsNamedAfterTheChartsVersionAndCarriesItsMetadata() {
        assertThat(packaged).isRegularFile();
        Map<String, Object> shown = Serialization.unmarshal(show("chart"), Map.class);

        assertThat(shown)
                .containsEntry("name", "stripe-webhook-operator")
                .containsEntry("version", chart.get("version"))
                .containsEntry("appVersion", chart.get("appVersion"));
    }

    @Test
    void theIconIsTheChartsIconSvgInline() throws IOException {
        String icon = (String) chart.get("icon");
        String prefix = "data:image/svg+xml;base64,";

        assertThat(icon).startsWith(prefix);
        assertThat(new String(Base64.getDecoder().decode(icon.substring(prefix.length())), StandardCharsets.UTF_8))
                .isEqualTo(
                        Files.readString(REPOSITORY.chart().resolve("icon.svg")).strip());
    }

    @Test
    void theArchiveHasTheReadmeTheCrdAndTheDashboard() throws IOException {
        assertThat(show("readme").strip())
                .isEqualTo(Files.readString(REPOSITORY.chart().resolve("README.md"))
                        .strip());
        assertThat(show("crds")).contains("name: \"stripewebhookendpoints.webhooks.stripe-operator.dev\"");
        Manifests rendered = Manifests.parse(helm.run(List.of(
                        "template",
                        "swo",
                        packaged.toString(),
                        "--namespace",
                        Helm.NAMESPACE,
                        "--set",
                        "monitoring.dashboard.enabled=true"))
                .requireSuccess()
                .stdout());
        assertThat(rendered.only(ConfigMap.class).getData().get("stripe-webhooks.json"))
                .contains("\"uid\": \"stripe-webhooks\"");
    }

    @Test
    void theArchiveRendersWhatTheDirectoryRenders() {
        String fromArchive = helm.run(List.of("template", "swo", packaged.toString(), "--namespace", Helm.NAMESPACE))
                .requireSuccess()
                .stdout();
        String fromDirectory = helm.run(
                        List.of("template", "swo", REPOSITORY.chart().toString(), "--namespace", Helm.NAMESPACE))
                .requireSuccess()
                .stdout();

        assertThat(fromArchive).isEqualTo(fromDirectory);
    }

    private static String show(String what) {
        return helm.run(List.of("show", what, packaged.toString()))
                .requireSuccess()
                .stdout();
    }
}
