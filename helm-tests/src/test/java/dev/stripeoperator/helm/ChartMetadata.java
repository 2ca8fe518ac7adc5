package dev.stripeoperator.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

import io.fabric8.kubernetes.client.utils.Serialization;

/** Fields of the chart's Chart.yaml. */
final class ChartMetadata {

    private ChartMetadata() {}

    static String appVersion(Repository repository) {
        return field(repository, "appVersion");
    }

    static String version(Repository repository) {
        return field(repository, "version");
    }

    private static String field(Repository repository, String name) {
        try {
            Map<String, Object> chart =
                    Serialization.unmarshal(Files.readString(repository.chart().resolve("Chart.yaml")), Map.class);
            return String.valueOf(chart.get(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
