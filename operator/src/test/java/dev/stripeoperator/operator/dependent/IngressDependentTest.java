package dev.stripeoperator.operator.dependent;

import java.util.Map;

import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.Specs;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.IngressExposure;
import dev.stripeoperator.operator.endpoint.IngressTls;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiver's Ingress, as {@code spec.exposure.ingress} makes it. */
class IngressDependentTest {

    @Test
    void aHostAloneRoutesTheDefaultPathExactlyToTheReceiverOverPlainHttp() {
        // given
        StripeWebhookEndpoint endpoint = exposed(new IngressExposure("hooks.example.com", null, null, null, null));

        // when
        Ingress ingress = IngressDependent.desired(endpoint);

        // then
        BillingChildren.assertChild(ingress, "billing-stripe-receiver", "receiver");
        assertThat(ingress.getMetadata().getAnnotations()).isEmpty();
        assertThat(ingress.getSpec().getIngressClassName()).isNull();
        assertThat(ingress.getSpec().getTls()).isEmpty();
        IngressRule rule = ingress.getSpec().getRules().getFirst();
        assertThat(ingress.getSpec().getRules()).hasSize(1);
        assertThat(rule.getHost()).isEqualTo("hooks.example.com");
        HTTPIngressPath path = path(ingress);
        assertThat(rule.getHttp().getPaths()).hasSize(1);
        assertThat(path.getPath()).isEqualTo("/webhooks/stripe/payments/billing");
        assertThat(path.getPathType()).isEqualTo("Exact");
        assertThat(path.getBackend().getService().getName()).isEqualTo("billing-stripe-receiver");
        assertThat(path.getBackend().getService().getPort().getNumber()).isEqualTo(8080);
    }

    @Test
    void everyIngressFieldShowsOnTheIngress() {
        // given
        StripeWebhookEndpoint endpoint = exposed(new IngressExposure(
                "hooks.example.com",
                "nginx",
                "/stripe/billing",
                new IngressTls("hooks-example-tls"),
                Map.of("cert-manager.io/cluster-issuer", "letsencrypt")));

        // when
        Ingress ingress = IngressDependent.desired(endpoint);

        // then
        assertThat(ingress.getMetadata().getAnnotations())
                .isEqualTo(Map.of("cert-manager.io/cluster-issuer", "letsencrypt"));
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(path(ingress).getPath()).isEqualTo("/stripe/billing");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getHosts()).containsExactly("hooks.example.com");
            assertThat(tls.getSecretName()).isEqualTo("hooks-example-tls");
        });
    }

    @Test
    void aPathStoredBeforeTheCrdRefusedItGivesWayToTheDefault() {
        // given
        StripeWebhookEndpoint endpoint =
                exposed(new IngressExposure("hooks.example.com", null, "/stripe/../admin", null, null));

        // when
        Ingress ingress = IngressDependent.desired(endpoint);

        // then
        assertThat(path(ingress).getPath()).isEqualTo("/webhooks/stripe/payments/billing");
    }

    private static HTTPIngressPath path(Ingress ingress) {
        return ingress.getSpec().getRules().getFirst().getHttp().getPaths().getFirst();
    }

    private static StripeWebhookEndpoint exposed(IngressExposure ingress) {
        return Fixtures.billing(spec -> Specs.withExposure(spec, new Exposure(ingress, null)));
    }
}
