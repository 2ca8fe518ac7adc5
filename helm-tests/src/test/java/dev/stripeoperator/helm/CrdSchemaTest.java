package dev.stripeoperator.helm;

import java.util.Map;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema check that ExamplesIT relies on finds what the API server would refuse or drop. */
class CrdSchemaTest {

    private static final CrdSchema SCHEMA = new CrdSchema(Serialization.unmarshal("""
            type: object
            required: [name]
            properties:
              name: { type: string }
              replicas: { type: integer }
              mode: { type: string, enum: [test, live] }
              port: { x-kubernetes-int-or-string: true }
              labels: { type: object, additionalProperties: { type: string } }
              events: { type: array, items: { type: string } }
              extra: { type: object, x-kubernetes-preserve-unknown-fields: true }
            """, JSONSchemaProps.class));

    @Test
    void aFittingValueHasNoProblems() {
        Map<String, Object> value = yaml("""
                name: billing
                replicas: 2
                mode: live
                port: http
                labels: { team: payments }
                events: [invoice.paid]
                extra: { anything: [1, 2] }
                """);

        assertThat(SCHEMA.problems(value)).isEmpty();
    }

    @Test
    void reportsUnknownFieldsWrongTypesMissingRequiredFieldsAndValuesOutsideTheEnum() {
        Map<String, Object> value = yaml("""
                replicas: two
                mode: sandbox
                port: 1.5
                labels: { team: 7 }
                events: [invoice.paid, 3]
                signingSecrt: { name: typo }
                """);

        assertThat(SCHEMA.problems(value))
                .containsExactlyInAnyOrder(
                        ".name: required but missing",
                        ".replicas: expected an integer, got String two",
                        ".mode: sandbox is not one of [test, live]",
                        ".port: expected an integer or a string, got Double 1.5",
                        ".labels.team: expected a string, got Integer 7",
                        ".events[1]: expected a string, got Integer 3",
                        ".signingSecrt: unknown field (the API server would drop it)");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return Serialization.unmarshal(text, Map.class);
    }
}
