package dev.stripeoperator.operator;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRD's root validation rules, evaluated the way the API server evaluates them (CEL, {@code self} the object):
 * a name that would make a child's name or label value too long is refused with a message. The fabric8 mock API
 * server does not validate, so the rules are run here with Google's CEL implementation.
 */
class EndpointValidationRulesTest {

    private static final List<ValidationRule> RULES = rootRules();

    @ParameterizedTest
    @ValueSource(strings = {"billing", "a", "billing-eu-2"})
    void ordinaryNamesPass(String name) throws Exception {
        assertThat(violations(endpoint(name, true))).isEmpty();
    }

    @Test
    void theLongestNamesThatStillFitPass() throws Exception {
        assertThat(violations(endpoint("a".repeat(35), true))).isEmpty();
        assertThat(violations(endpoint("a".repeat(47), false))).isEmpty();
    }

    @Test
    void aNameTooLongForTheReceiversServiceIsRefusedWithTheReason() throws Exception {
        assertThat(violations(endpoint("a".repeat(48), false)))
                .singleElement()
                .asString()
                .contains("at most 47 characters", "<name>-stripe-receiver");
        assertThat("a".repeat(48) + "-stripe-receiver")
                .as("what the API server would refuse later")
                .hasSizeGreaterThan(63);
    }

    @Test
    void aNameTooLongForTheReconcileCronJobIsRefusedOnlyWithReconciliation() throws Exception {
        assertThat(violations(endpoint("a".repeat(36), true)))
                .singleElement()
                .asString()
                .contains("at most 35 characters", "<name>-stripe-reconcile");
        assertThat(violations(endpoint("a".repeat(36), false))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"billing.eu", "1billing", "billing-"})
    void aNameThatIsNoDnsLabelIsRefused(String name) throws Exception {
        assertThat(violations(endpoint(name, false))).singleElement().asString().contains("DNS label");
    }

    private static Map<String, Object> endpoint(String name, boolean reconciliation) {
        Map<String, Object> spec = reconciliation
                ? Map.of("reconciliation", Map.of("schedule", "17 */6 * * *"))
                : Map.of("livemode", true);
        return Map.of("metadata", Map.of("name", name, "namespace", "payments"), "spec", spec);
    }

    /** The messages of the rules the object breaks. */
    private static List<String> violations(Map<String, Object> self) throws Exception {
        return CelRules.violations(RULES, self);
    }

    private static List<ValidationRule> rootRules() {
        CustomResourceDefinition crd = OperatorEnvironment.loadCrd();
        List<ValidationRule> rules = crd.getSpec()
                .getVersions()
                .getFirst()
                .getSchema()
                .getOpenAPIV3Schema()
                .getXKubernetesValidations();
        assertThat(rules).as("root x-kubernetes-validations").hasSize(3);
        return rules;
    }
}
