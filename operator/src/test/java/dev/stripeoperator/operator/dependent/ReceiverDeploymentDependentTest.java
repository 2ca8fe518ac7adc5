package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.operator.endpoint.DatabaseSpec;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.SigningSecret;
import dev.stripeoperator.operator.endpoint.Sink;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which sink the receiver Deployment forwards to. */
class ReceiverDeploymentDependentTest {

    private static final SecretKeyRef TOKEN = new SecretKeyRef("billing-app-token", "token");

    @Test
    void aSinkStoredBeforeTheCrdRefusedItsTokenInClearGetsNothingForwarded() {
        assertThat(ReceiverDeploymentDependent.forwardedSink(
                        endpoint(new Sink("http://billing.example.com/stripe-events", null, TOKEN))))
                .isNull();
    }

    @Test
    void aSinkTheCrdTakesIsForwardedTo() {
        Sink inCluster = new Sink("http://billing-app.payments.svc/stripe-events", null, TOKEN);
        Sink overTls = new Sink("https://billing.example.com/stripe-events", null, TOKEN);
        Sink withoutToken = new Sink("http://billing.example.com/stripe-events");

        assertThat(ReceiverDeploymentDependent.forwardedSink(endpoint(inCluster)))
                .isEqualTo(inCluster);
        assertThat(ReceiverDeploymentDependent.forwardedSink(endpoint(overTls))).isEqualTo(overTls);
        assertThat(ReceiverDeploymentDependent.forwardedSink(endpoint(withoutToken)))
                .isEqualTo(withoutToken);
        assertThat(ReceiverDeploymentDependent.forwardedSink(endpoint(null))).isNull();
    }

    private static StripeWebhookEndpoint endpoint(Sink sink) {
        StripeWebhookEndpoint endpoint = new StripeWebhookEndpoint();
        endpoint.setMetadata(new ObjectMetaBuilder()
                .withNamespace("payments")
                .withName("billing")
                .build());
        endpoint.setSpec(new StripeWebhookEndpointSpec(
                new SigningSecret(new SecretKeyRef("billing-whsec", "whsec"), "24h"),
                null,
                null,
                new DatabaseSpec(new SecretKeyRef("stripe-events-db", "jdbc-url")),
                sink,
                null,
                null,
                null));
        return endpoint;
    }
}
