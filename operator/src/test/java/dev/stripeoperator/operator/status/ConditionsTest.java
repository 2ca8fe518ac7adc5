package dev.stripeoperator.operator.status;

import java.time.Instant;
import java.util.List;

import dev.stripeoperator.operator.endpoint.ConditionReason;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00.750Z");
    private static final Instant T1 = Instant.parse("2026-11-23T11:00:00Z");

    private static StripeWebhookEndpointStatus showing(List<EndpointCondition> conditions) {
        return new StripeWebhookEndpointStatus(1L, null, conditions, null, null, null);
    }

    @Test
    void aNewConditionStartsNowInWholeSecondsForTheGivenGeneration() {
        List<EndpointCondition> conditions = new Conditions(List.of(), 4, T0)
                .add(ConditionReason.SECRETS_FOUND, true, "every referenced Secret key has a value")
                .list();

        assertThat(conditions)
                .containsExactly(new EndpointCondition(
                        "SecretsReady",
                        "True",
                        "SecretsFound",
                        "every referenced Secret key has a value",
                        "2026-11-23T10:00:00Z",
                        4L));
    }

    @Test
    void theSameStatusKeepsItsTransitionTimeWhateverTheReasonMessageOrGeneration() {
        StripeWebhookEndpointStatus before = showing(new Conditions(List.of(), 1, T0)
                .add(ConditionReason.MINIMUM_REPLICAS_AVAILABLE, true, "2 of 2 replicas available")
                .list());

        EndpointCondition after = new Conditions(before.conditions(), 2, T1)
                .add(ConditionReason.MINIMUM_REPLICAS_AVAILABLE, true, "1 of 2 replicas available")
                .list()
                .getFirst();

        assertThat(after.getLastTransitionTime()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(after.getMessage()).isEqualTo("1 of 2 replicas available");
        assertThat(after.getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void aChangedStatusMovesTheTransitionTime() {
        StripeWebhookEndpointStatus before = showing(new Conditions(List.of(), 1, T0)
                .add(ConditionReason.MINIMUM_REPLICAS_AVAILABLE, true, "2 of 2 replicas available")
                .list());

        EndpointCondition after = new Conditions(before.conditions(), 1, T1)
                .add(ConditionReason.NO_REPLICAS_AVAILABLE, false, "0 of 2 replicas available")
                .list()
                .getFirst();

        assertThat(after.getStatus()).isEqualTo("False");
        assertThat(after.getReason()).isEqualTo("NoReplicasAvailable");
        assertThat(after.getLastTransitionTime()).isEqualTo("2026-11-23T11:00:00Z");
    }

    @Test
    void eachConditionKeepsItsOwnTransitionTime() {
        StripeWebhookEndpointStatus before = showing(new Conditions(List.of(), 1, T0)
                .add(ConditionReason.SECRETS_FOUND, true, "found")
                .add(ConditionReason.NO_REPLICAS_AVAILABLE, false, "0 of 2")
                .list());

        List<EndpointCondition> after = new Conditions(before.conditions(), 1, T1)
                .add(ConditionReason.SECRETS_FOUND, true, "found")
                .add(ConditionReason.MINIMUM_REPLICAS_AVAILABLE, true, "2 of 2")
                .list();

        assertThat(after)
                .extracting(EndpointCondition::getLastTransitionTime)
                .containsExactly("2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z");
    }

    @Test
    void notReadyRepeatsTheReasonAndMessageOfTheConditionItWaitsFor() {
        Conditions conditions = new Conditions(List.of(), 3, T0)
                .add(ConditionReason.SECRET_KEY_NOT_FOUND, false, "Secret payments/billing-whsec has no key whsec");

        EndpointCondition ready = conditions
                .notReady(conditions.get("SecretsReady").orElseThrow())
                .get("Ready")
                .orElseThrow();

        assertThat(ready)
                .isEqualTo(new EndpointCondition(
                        "Ready",
                        "False",
                        "SecretKeyNotFound",
                        "Secret payments/billing-whsec has no key whsec",
                        "2026-11-23T10:00:00Z",
                        3L));
    }
}
