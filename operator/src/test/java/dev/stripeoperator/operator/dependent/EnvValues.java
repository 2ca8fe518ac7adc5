package dev.stripeoperator.operator.dependent;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.EnvVar;

/** A container's plain environment values by name; those read from a Secret are left out. */
final class EnvValues {

    private EnvValues() {}

    static Map<String, String> of(List<EnvVar> env) {
        return env.stream()
                .filter(variable -> variable.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }
}
