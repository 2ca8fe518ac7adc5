package dev.stripeoperator.operator.dependent;

import java.util.Map;
import java.util.stream.Stream;

import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The NetworkPolicy the receiver pods of a namespace share, and when an endpoint's deletion takes it along. */
class NetworkPolicyDependentTest {

    @Test
    void theReceiverPodsOfTheNamespaceAdmitTcpOnTheirPortFromAnywhereAndNothingElse() {
        // when
        NetworkPolicy policy = NetworkPolicyDependent.desired("payments");

        // then
        assertThat(policy.getMetadata().getName()).isEqualTo("stripe-webhook-receivers");
        assertThat(policy.getMetadata().getNamespace()).isEqualTo("payments");
        assertThat(policy.getMetadata().getLabels())
                .isEqualTo(Map.of(
                        "app.kubernetes.io/name", "stripe-webhook-receiver",
                        "app.kubernetes.io/component", "receiver",
                        "app.kubernetes.io/part-of", "stripe-webhook-operator",
                        "app.kubernetes.io/managed-by", "stripe-webhook-operator"));
        assertThat(policy.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).hasSize(1);
        NetworkPolicyIngressRule rule = policy.getSpec().getIngress().getFirst();
        assertThat(rule.getFrom()).isEmpty();
        assertThat(rule.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getProtocol()).isEqualTo("TCP");
            assertThat(port.getPort()).isEqualTo(new IntOrString(8080));
        });
    }

    @Test
    void itSelectsTheReceiverPodsOfEveryEndpointButNoBackfillPods() {
        // given
        Map<String, String> selector = NetworkPolicyDependent.desired("payments")
                .getSpec()
                .getPodSelector()
                .getMatchLabels();

        // then: the labels the receiver Deployment gives its pods, whatever the endpoint
        assertThat(BillingChildren.labels("receiver")).containsAllEntriesOf(selector);
        assertThat(StripeWebhooks.labels(Fixtures.endpoint("payments", "refunds"), "receiver"))
                .containsAllEntriesOf(selector);
        assertThat(BillingChildren.labels("reconcile").entrySet().containsAll(selector.entrySet()))
                .isFalse();
    }

    @Test
    void theLastEndpointOfTheNamespaceTakesThePolicyAlong() {
        StripeWebhookEndpoint billing = Fixtures.endpoint("payments", "billing");

        assertThat(NetworkPolicyDependent.othersRemain(billing, Stream.of(billing)))
                .isFalse();
        assertThat(NetworkPolicyDependent.othersRemain(billing, Stream.empty())).isFalse();
    }

    @Test
    void anotherEndpointOfTheNamespaceKeepsThePolicy() {
        StripeWebhookEndpoint billing = Fixtures.endpoint("payments", "billing");
        StripeWebhookEndpoint refunds = Fixtures.endpoint("payments", "refunds");

        assertThat(NetworkPolicyDependent.othersRemain(billing, Stream.of(billing, refunds)))
                .isTrue();
    }

    @Test
    void anotherEndpointBeingDeletedToo_asWithTheNamespace_keepsNothing() {
        StripeWebhookEndpoint billing = Fixtures.endpoint("payments", "billing");
        StripeWebhookEndpoint refunds = Fixtures.endpoint("payments", "refunds");
        refunds.getMetadata().setDeletionTimestamp("2026-12-07T14:00:00Z");

        assertThat(NetworkPolicyDependent.othersRemain(billing, Stream.of(billing, refunds)))
                .isFalse();
    }
}
