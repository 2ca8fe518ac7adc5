package dev.stripeoperator.operator.exposure;

import java.util.List;

import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.Specs;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.HttpRouteExposure;
import dev.stripeoperator.operator.endpoint.IngressExposure;
import dev.stripeoperator.operator.endpoint.ParentRef;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExposureClaimsTest {

    @Test
    void anUnexposedEndpointClaimsNothing() {
        assertThat(ExposureClaims.requestedBy(Fixtures.endpoint("payments", "billing")))
                .isEmpty();
    }

    @Test
    void anIngressClaimsItsHostAndTheDefaultPathOfTheEndpoint() {
        var endpoint = Fixtures.endpoint(
                "payments",
                "billing",
                exposed(new Exposure(new IngressExposure("hooks.example.com", null, null, null, null), null)));

        assertThat(ExposureClaims.requestedBy(endpoint))
                .containsExactly("hooks.example.com|/webhooks/stripe/payments/billing");
    }

    @Test
    void aRouteClaimsEachHostnameOrAnyHostWithoutHostnames() {
        var withHosts = Fixtures.endpoint(
                "payments",
                "billing",
                exposed(new Exposure(
                        null,
                        new HttpRouteExposure(
                                List.of(new ParentRef("gw", null, null)),
                                List.of("a.example.com", "b.example.com"),
                                "/hooks"))));
        var withoutHosts = Fixtures.endpoint(
                "payments",
                "billing",
                exposed(new Exposure(
                        null, new HttpRouteExposure(List.of(new ParentRef("gw", null, null)), null, "/hooks"))));

        assertThat(ExposureClaims.requestedBy(withHosts))
                .containsExactly("a.example.com|/hooks", "b.example.com|/hooks");
        assertThat(ExposureClaims.requestedBy(withoutHosts)).containsExactly("*|/hooks");
    }

    @Test
    void existingRoutesServeTheKeysTheirRulesName() {
        var ingress = new IngressBuilder()
                .withNewSpec()
                .addNewRule()
                .withHost("hooks.example.com")
                .withNewHttp()
                .addNewPath()
                .withPath("/a")
                .endPath()
                .addNewPath()
                .withPath("/b")
                .endPath()
                .endHttp()
                .endRule()
                .endSpec()
                .build();
        var route = new HTTPRouteBuilder()
                .withNewSpec()
                .withHostnames("hooks.example.com")
                .addNewRule()
                .addNewMatch()
                .withNewPath()
                .withValue("/c")
                .endPath()
                .endMatch()
                .endRule()
                .endSpec()
                .build();

        assertThat(ExposureClaims.servedBy(ingress)).containsExactly("hooks.example.com|/a", "hooks.example.com|/b");
        assertThat(ExposureClaims.servedBy(route)).containsExactly("hooks.example.com|/c");
        assertThat(ExposureClaims.servedBy(new IngressBuilder().build())).isEmpty();
    }

    @Test
    void aPathUnderTheDefaultPathsThatIsNotItsOwnIsRefusedAndHoldsNothingAgainstItsOwner() {
        var squatter = Fixtures.endpoint(
                "tenant-a",
                "squat",
                exposed(new Exposure(
                        new IngressExposure("hooks.example.com", null, "/webhooks/stripe/payments/billing", null, null),
                        null)));

        // Refused before any other endpoint is looked at: no cache is needed.
        var conflict = ExposureClaims.conflictOf(squatter, null, other -> List.of());

        assertThat(conflict).hasValueSatisfying(c -> {
            assertThat(c.holder()).isEqualTo("payments/billing");
            assertThat(c.message())
                    .contains(
                            "path /webhooks/stripe/payments/billing is reserved as the default path of"
                                    + " StripeWebhookEndpoint payments/billing",
                            "choose a path outside it");
        });
        assertThat(ExposureClaims.requestedBy(squatter)).isEmpty();
    }

    @Test
    void itsOwnDefaultPathWrittenOutIsItsOwn() {
        var endpoint = Fixtures.endpoint(
                "payments",
                "billing",
                exposed(new Exposure(
                        new IngressExposure("hooks.example.com", null, "/webhooks/stripe/payments/billing", null, null),
                        null)));

        assertThat(ExposureClaims.requestedBy(endpoint))
                .containsExactly("hooks.example.com|/webhooks/stripe/payments/billing");
    }

    private static StripeWebhookEndpointSpec exposed(Exposure exposure) {
        return Specs.withExposure(Fixtures.spec("billing"), exposure);
    }
}
