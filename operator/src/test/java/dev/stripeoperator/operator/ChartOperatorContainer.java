package dev.stripeoperator.operator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The operator container's JVM options and memory limit by the chart's defaults, read from its values.yaml so that the
 * scale benchmark runs the operator as an installation does.
 */
record ChartOperatorContainer(String javaOptions, Quantity memoryLimit) {

    static ChartOperatorContainer fromValues(Path valuesYaml) throws IOException {
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(valuesYaml.toFile());
        JsonNode javaOptions = values.path("javaOptions");
        JsonNode memory = values.path("resources").path("limits").path("memory");
        if (!javaOptions.isTextual() || !memory.isTextual()) {
            throw new IllegalStateException(valuesYaml + " has no javaOptions or resources.limits.memory: "
                    + Map.of("javaOptions", javaOptions, "memory", memory));
        }
        return new ChartOperatorContainer(javaOptions.asText(), new Quantity(memory.asText()));
    }
}
