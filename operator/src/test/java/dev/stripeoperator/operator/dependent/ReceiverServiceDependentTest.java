package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiver's Service, as an endpoint's spec makes it. */
class ReceiverServiceDependentTest {

    @Test
    void theServiceTakesPort8080ToTheReceiverPodsOnly() {
        // given
        StripeWebhookEndpoint endpoint = Fixtures.endpoint("payments", "billing");

        // when
        Service service = ReceiverServiceDependent.desired(endpoint);

        // then
        BillingChildren.assertChild(service, "billing-stripe-receiver", "receiver");
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).isEqualTo(BillingChildren.RECEIVER_PODS);
        ServicePort port = service.getSpec().getPorts().getFirst();
        assertThat(service.getSpec().getPorts()).hasSize(1);
        assertThat(port.getName()).isEqualTo("http");
        assertThat(port.getPort()).isEqualTo(8080);
        assertThat(port.getTargetPort()).isEqualTo(new IntOrString("http"));
        assertThat(port.getProtocol()).isEqualTo("TCP");
    }
}
