package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiver pods' NetworkPolicy, as an endpoint's spec makes it. */
class NetworkPolicyDependentTest {

    @Test
    void theReceiverPodsAdmitTcpOnTheirPortFromAnywhereAndNothingElse() {
        // given
        StripeWebhookEndpoint endpoint = Fixtures.endpoint("payments", "billing");

        // when
        NetworkPolicy policy = NetworkPolicyDependent.desired(endpoint);

        // then
        BillingChildren.assertChild(policy, "billing-stripe-receiver", "receiver");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(BillingChildren.RECEIVER_PODS);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).hasSize(1);
        NetworkPolicyIngressRule rule = policy.getSpec().getIngress().getFirst();
        assertThat(rule.getFrom()).isEmpty();
        assertThat(rule.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getProtocol()).isEqualTo("TCP");
            assertThat(port.getPort()).isEqualTo(new IntOrString(8080));
        });
    }
}
