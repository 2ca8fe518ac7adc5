package dev.stripeoperator.operator.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.endpoint.ConditionReason;
import dev.stripeoperator.operator.endpoint.DatabaseSpec;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.IngressExposure;
import dev.stripeoperator.operator.endpoint.IngressTls;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.SigningSecret;
import dev.stripeoperator.operator.endpoint.StripeManagement;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.standin.StripeMock.Handled;
import dev.stripeoperator.standin.StripeMockExtension;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's webhook endpoint requests, as stripe-java sends them, against a real stripe-mock, which checks each one
 * against Stripe's OpenAPI specification. Its answers are fixtures (stateless), so the assertions are on what it can
 * tell: every request is one the specification allows.
 */
class StripeEndpointsRequestsIT {

    private static final String API_KEY = "sk_test_123";

    @RegisterExtension
    static final StripeMockExtension STRIPE_MOCK = new StripeMockExtension();

    @Test
    void registeringListsThenCreatesWithUrlEventsMetadataAndApiVersionAsTheSpecificationAllows() {
        StripeRegistration registration = new StripeEndpointRegistrar(
                        STRIPE_MOCK.get().baseUrl(), "2025-08-27.basil", "prod-eu")
                .sync(
                        endpoint(),
                        Optional.empty(),
                        StripeRecord.NONE,
                        Optional.of(API_KEY),
                        Optional.empty(),
                        Instant.now());

        // stripe-mock's fixture answer to the create carries no secret; the stand-in's tests cover that part.
        assertThat(registration.reason()).as(registration.message()).isEqualTo(ConditionReason.REGISTERED);
        List<Handled> handled = STRIPE_MOCK.get().handled(2);
        assertThat(handled)
                .extracting(Handled::request)
                .containsExactly("GET /v1/webhook_endpoints", "POST /v1/webhook_endpoints");
        assertThat(handled).allSatisfy(StripeEndpointsRequestsIT::accepted);
        assertThat(handled.get(1).parameters())
                .contains("url:https://hooks.example.com/webhooks/stripe/payments/billing")
                .contains("invoice.paid")
                .contains("api_version:2025-08-27.basil")
                .contains("kubernetes_namespace:payments")
                .contains("managed_by:" + KubernetesApi.OPERATOR);
    }

    @Test
    void anExposureNotYetInPlaceAsksStripeNothingAndSaysWhenToLookAgain() {
        // Given a Stripe nobody listens for: any request would end as another reason.
        StripeEndpointRegistrar registrar = new StripeEndpointRegistrar("http://127.0.0.1:9", null, "prod-eu");

        // When the endpoint's own Ingress does not route its URL yet
        StripeRegistration registration = registrar.sync(
                endpoint(),
                Optional.empty(),
                StripeRecord.NONE,
                Optional.of(API_KEY),
                Optional.of(
                        new ExposureWait("its Ingress does not route hooks.example.com yet", Duration.ofSeconds(2))),
                Instant.now());

        // Then nothing moves in Stripe, and the reconcile comes back on its own: its apply of the Ingress wakes none
        assertThat(registration.reason()).as(registration.message()).isEqualTo(ConditionReason.EXPOSURE_NOT_READY);
        assertThat(registration.message())
                .startsWith("its Ingress does not route hooks.example.com yet; no Stripe endpoint is registered");
        assertThat(registration.recheckAfter()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void updatingAndDeletingAreRequestsTheSpecificationAllows() throws Exception {
        StripeEndpoints endpoints = new StripeEndpoints(
                API_KEY, STRIPE_MOCK.get().baseUrl(), new EndpointOwner(null, "payments", "billing"));

        endpoints.update("we_1Managed", "https://hooks.example.com/v2", List.of("invoice.paid", "charge.refunded"));
        new StripeEndpointRegistrar(STRIPE_MOCK.get().baseUrl(), "2025-08-27.basil", "prod-eu")
                .deleteAll(endpoint(), API_KEY, Set.of("we_1Managed"));

        List<Handled> handled = STRIPE_MOCK.get().handled(3);
        assertThat(handled)
                .extracting(Handled::request)
                .containsExactly(
                        "POST /v1/webhook_endpoints/we_1Managed",
                        "GET /v1/webhook_endpoints",
                        "DELETE /v1/webhook_endpoints/we_1Managed");
        assertThat(handled).allSatisfy(StripeEndpointsRequestsIT::accepted);
        assertThat(handled.getFirst().parameters())
                .contains("url:https://hooks.example.com/v2")
                .contains("charge.refunded");
    }

    private static StripeWebhookEndpoint endpoint() {
        StripeWebhookEndpoint endpoint = new StripeWebhookEndpoint();
        endpoint.setMetadata(new ObjectMetaBuilder()
                .withNamespace("payments")
                .withName("billing")
                .withUid("0b5c6a1e-7d0f-4c41-9b8e-2f4d6c8a9e10")
                .build());
        endpoint.setSpec(new StripeWebhookEndpointSpec(
                new SigningSecret(null, "1h", null),
                null,
                List.of("invoice.paid"),
                new DatabaseSpec(new SecretKeyRef("db", "url")),
                null,
                null,
                null,
                new Exposure(new IngressExposure("hooks.example.com", null, null, new IngressTls("tls"), null), null),
                new StripeManagement(new SecretKeyRef("stripe-key", "key"), true, null)));
        return endpoint;
    }

    private static void accepted(Handled handled) {
        assertThat(handled.status())
                .as(handled.request() + " " + handled.complaints())
                .isEqualTo(200);
        assertThat(handled.complaints()).as(handled.request()).isEmpty();
    }
}
