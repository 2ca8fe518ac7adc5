package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiver pods' disruption budget, as an endpoint's spec makes it. */
class PodDisruptionBudgetDependentTest {

    @Test
    void voluntaryDisruptionsTakeOneReceiverPodAtATime() {
        // given
        StripeWebhookEndpoint endpoint = Fixtures.endpoint("payments", "billing");

        // when
        PodDisruptionBudget budget = PodDisruptionBudgetDependent.desired(endpoint);

        // then
        BillingChildren.assertChild(budget, "billing-stripe-receiver", "receiver");
        assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(budget.getSpec().getMinAvailable()).isNull();
        assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(BillingChildren.RECEIVER_PODS);
    }
}
