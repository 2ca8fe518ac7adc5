package dev.stripeoperator.operator.endpoint;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.stripeoperator.contract.ReceiverSetting;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Refuses, on the list property {@code input}, environment variables named like a receiver setting of the contract:
 * the operator sets those from the spec, and a second value would either be ignored or override it. The names come
 * from {@link ReceiverSetting} when the CRD is generated, so the rule cannot fall behind the contract.
 */
public final class ContractEnvNamesSchema implements SchemaCustomizer.Customizer {

    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
        JSONSchemaProps env = schema.getProperties().get(input);
        if (env == null || !"array".equals(env.getType())) {
            throw new IllegalArgumentException("expected a list property of the schema, got " + input);
        }
        String names = Arrays.stream(ReceiverSetting.values())
                .map(s -> "'" + s.name() + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        env.getXKubernetesValidations()
                .add(new ValidationRuleBuilder()
                        .withRule("self.all(e, !(e.name in " + names + "))")
                        .withMessage("env must not set the receiver's own settings (" + names.replace("'", "")
                                + "): the operator sets them from the spec")
                        .build());
        return schema;
    }
}
