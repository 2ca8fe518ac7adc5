package dev.stripeoperator.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

/**
 * Checks a value against a CRD's structural OpenAPI schema the way the API server prunes and validates:
 * unknown fields, types, required fields and enums. Enough to catch an example drifting from the CRD.
 */
record CrdSchema(JSONSchemaProps root) {

    /** Every problem found, each as "path: what is wrong"; empty when the value fits. */
    List<String> problems(Object value) {
        List<String> problems = new ArrayList<>();
        check(value, root, "", problems);
        return problems;
    }

    private static void check(Object value, JSONSchemaProps schema, String path, List<String> problems) {
        if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
            if (!(value instanceof String || isInteger(value))) {
                problems.add(path + ": expected an integer or a string, got " + describe(value));
            }
            return;
        }
        String type = schema.getType();
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> checkObject(value, schema, path, problems);
            case "array" -> {
                if (!(value instanceof List<?> items)) {
                    problems.add(path + ": expected an array, got " + describe(value));
                    return;
                }
                for (int i = 0; i < items.size(); i++) {
                    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
                        check(items.get(i), schema.getItems().getSchema(), path + "[" + i + "]", problems);
                    }
                }
            }
            case "string" -> expect(value instanceof String, "a string", value, path, problems);
            case "integer" -> expect(isInteger(value), "an integer", value, path, problems);
            case "number" -> expect(value instanceof Number, "a number", value, path, problems);
            case "boolean" -> expect(value instanceof Boolean, "a boolean", value, path, problems);
            default -> problems.add(path + ": the schema has an unknown type " + type);
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            List<String> allowed = schema.getEnum().stream()
                    .map(node -> node.isTextual() ? node.asText() : node.toString())
                    .toList();
            if (!allowed.contains(String.valueOf(value))) {
                problems.add(path + ": " + value + " is not one of " + allowed);
            }
        }
    }

    private static void checkObject(Object value, JSONSchemaProps schema, String path, List<String> problems) {
        if (!(value instanceof Map<?, ?> fields)) {
            problems.add(path + ": expected an object, got " + describe(value));
            return;
        }
        for (String required : schema.getRequired()) {
            if (!fields.containsKey(required)) {
                problems.add(path + "." + required + ": required but missing");
            }
        }
        boolean keepsUnknown = Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
        var additional = schema.getAdditionalProperties();
        for (Map.Entry<?, ?> field : fields.entrySet()) {
            String name = String.valueOf(field.getKey());
            JSONSchemaProps property = schema.getProperties().get(name);
            if (property != null) {
                check(field.getValue(), property, path + "." + name, problems);
            } else if (additional != null && additional.getSchema() != null) {
                check(field.getValue(), additional.getSchema(), path + "." + name, problems);
            } else if (!keepsUnknown && (additional == null || !Boolean.TRUE.equals(additional.getAllows()))) {
                problems.add(path + "." + name + ": unknown field (the API server would drop it)");
            }
        }
    }

    private static void expect(boolean fits, String expected, Object value, String path, List<String> problems) {
        if (!fits) {
            problems.add(path + ": expected " + expected + ", got " + describe(value));
        }
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
