package dev.stripeoperator.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's README documents exactly the values there are, with the defaults values.yaml has. A value is a leaf of
 * values.schema.json (an object with fixed properties is gone into; a free-form map, a list or a scalar is one value).
 */
@SuppressWarnings("unchecked") // JSON and YAML read as maps
class ChartReadmeTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z0-9_.]+)` \\| `(.*)` \\| .* \\|$");

    private static Map<String, Object> values;
    private static Map<String, String> documented;

    @BeforeAll
    static void read() throws IOException {
        Repository repository = Repository.current();
        Map<String, Object> schema =
                Serialization.unmarshal(Files.readString(repository.chart().resolve("values.schema.json")), Map.class);
        values = new LinkedHashMap<>();
        leaves(
                schema,
                (Map<String, Object>) schema.get("definitions"),
                Serialization.unmarshal(Files.readString(repository.chart().resolve("values.yaml")), Map.class),
                "",
                values);
        documented = table(Files.readString(repository.chart().resolve("README.md")));
    }

    @Test
    void theReadmeDocumentsEveryValueWithItsDefaultAndNoValueThatDoesNotExist() {
        assertThat(problems(documented, values)).isEmpty();
    }

    @Test
    void theCheckFindsAnUndocumentedValueAnInventedOneAndAStaleDefault() {
        Map<String, String> stale = new LinkedHashMap<>(documented);
        stale.remove("logLevel");
        stale.put("image.colour", "blue");
        stale.put("replicaCount", "2");

        assertThat(problems(stale, values))
                .containsExactlyInAnyOrder(
                        "logLevel is not documented",
                        "image.colour is documented but values.yaml has no such value",
                        "replicaCount: README.md shows 2, values.yaml has 1");
    }

    /** What README.md gets wrong about the values, one line each. */
    private static List<String> problems(Map<String, String> documented, Map<String, Object> values) {
        List<String> problems = new ArrayList<>();
        values.keySet().stream()
                .filter(key -> !documented.containsKey(key))
                .forEach(key -> problems.add(key + " is not documented"));
        documented.forEach((key, shown) -> {
            if (!values.containsKey(key)) {
                problems.add(key + " is documented but values.yaml has no such value");
            } else if (!Objects.equals(parse(shown), values.get(key))) {
                problems.add(key + ": README.md shows " + shown + ", values.yaml has " + values.get(key));
            }
        });
        return problems;
    }

    /** The value paths below {@code schema} with their defaults, in the schema's order. */
    private static void leaves(
            Map<String, Object> schema,
            Map<String, Object> definitions,
            Object value,
            String path,
            Map<String, Object> found) {
        Map<String, Object> resolved = schema;
        while (resolved.containsKey("$ref")) {
            String ref = (String) resolved.get("$ref");
            resolved = (Map<String, Object>) definitions.get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        Map<String, Object> properties = (Map<String, Object>) resolved.get("properties");
        if (properties == null || !(value instanceof Map<?, ?>)) {
            found.put(path, value);
            return;
        }
        Map<String, Object> map = (Map<String, Object>) value;
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            String key = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
            if (key.equals("global")) {
                continue; // Helm's own, shared with subcharts; this chart sets none
            }
            assertThat(map).as("values.yaml has a default for %s", key).containsKey(property.getKey());
            leaves((Map<String, Object>) property.getValue(), definitions, map.get(property.getKey()), key, found);
        }
        assertThat(properties.keySet())
                .as("keys under %s in values.yaml that values.schema.json knows", path)
                .containsAll(map.keySet());
    }

    private static Map<String, String> table(String readme) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : readme.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                assertThat(rows.put(row.group(1), row.group(2)))
                        .as("%s documented twice", row.group(1))
                        .isNull();
            }
        }
        return rows;
    }

    private static Object parse(String shown) {
        return ((Map<String, Object>) Serialization.unmarshal("value: " + shown, Map.class)).get("value");
    }
}
