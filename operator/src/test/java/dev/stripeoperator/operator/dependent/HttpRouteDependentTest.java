package dev.stripeoperator.operator.dependent;

import java.util.List;

import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.Specs;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.HttpRouteExposure;
import dev.stripeoperator.operator.endpoint.ParentRef;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The receiver's HTTPRoute, as {@code spec.exposure.httpRoute} makes it. */
class HttpRouteDependentTest {

    @Test
    void theRouteAttachesToEveryParentAndSendsTheDefaultPathExactlyToTheReceiver() {
        // given
        StripeWebhookEndpoint endpoint = exposed(new HttpRouteExposure(
                List.of(new ParentRef("public", "gateways", "https"), new ParentRef("internal", null, null)),
                List.of("hooks.example.com", "stripe.example.com"),
                null));

        // when
        HTTPRoute route = HttpRouteDependent.desired(endpoint);

        // then
        BillingChildren.assertChild(route, "billing-stripe-receiver", "receiver");
        assertThat(route.getSpec().getParentRefs())
                .extracting(ParentReference::getName, ParentReference::getNamespace, ParentReference::getSectionName)
                .containsExactly(tuple("public", "gateways", "https"), tuple("internal", null, null));
        assertThat(route.getSpec().getHostnames()).containsExactly("hooks.example.com", "stripe.example.com");
        HTTPRouteRule rule = route.getSpec().getRules().getFirst();
        assertThat(route.getSpec().getRules()).hasSize(1);
        assertThat(rule.getMatches()).singleElement().satisfies(match -> {
            assertThat(match.getPath().getType()).isEqualTo("Exact");
            assertThat(match.getPath().getValue()).isEqualTo("/webhooks/stripe/payments/billing");
        });
        assertThat(rule.getBackendRefs()).singleElement().satisfies(backend -> {
            assertThat(backend.getName()).isEqualTo("billing-stripe-receiver");
            assertThat(backend.getPort()).isEqualTo(8080);
        });
    }

    @Test
    void aPathGivenIsTheOneMatched() {
        // given
        StripeWebhookEndpoint endpoint = exposed(new HttpRouteExposure(
                List.of(new ParentRef("public", null, null)), List.of("hooks.example.com"), "/stripe/billing"));

        // when
        HTTPRoute route = HttpRouteDependent.desired(endpoint);

        // then
        assertThat(route.getSpec()
                        .getRules()
                        .getFirst()
                        .getMatches()
                        .getFirst()
                        .getPath()
                        .getValue())
                .isEqualTo("/stripe/billing");
    }

    private static StripeWebhookEndpoint exposed(HttpRouteExposure route) {
        return Fixtures.billing(spec -> Specs.withExposure(spec, new Exposure(null, route)));
    }
}
