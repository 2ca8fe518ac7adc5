package dev.stripeoperator.operator.endpoint;

import java.util.List;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Marks a list property of the annotated class as a map keyed by one field ({@code input} is {@code property:key}),
 * which no field annotation expresses. Used by the CRD generator at build time only.
 */
public final class ListMapSchema implements SchemaCustomizer.Customizer {

    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
        String[] propertyAndKey = input.split(":");
        JSONSchemaProps list = schema.getProperties().get(propertyAndKey[0]);
        if (list == null || !"array".equals(list.getType()) || propertyAndKey.length != 2) {
            throw new IllegalArgumentException(
                    "expected property:key naming a list property of the schema, got " + input);
        }
        list.setXKubernetesListType("map");
        list.setXKubernetesListMapKeys(List.of(propertyAndKey[1]));
        return schema;
    }
}
