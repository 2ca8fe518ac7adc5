package dev.stripeoperator.operator.stripe;

import java.util.Map;

import com.stripe.model.WebhookEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An operator takes for its own only the Stripe endpoints its metadata names: its cluster, namespace and name. */
class EndpointOwnerTest {

    private static final EndpointOwner PROD = new EndpointOwner("prod", "payments", "billing");
    private static final EndpointOwner UNNAMED = new EndpointOwner(null, "payments", "billing");

    @Test
    void theMetadataNamesTheClusterOnlyWhenItHasAName() {
        assertThat(PROD.metadata())
                .containsOnly(
                        Map.entry("managed_by", "stripe-webhook-operator"),
                        Map.entry("kubernetes_cluster", "prod"),
                        Map.entry("kubernetes_namespace", "payments"),
                        Map.entry("kubernetes_name", "billing"));
        assertThat(UNNAMED.metadata()).doesNotContainKey("kubernetes_cluster");
        assertThat(PROD.description()).endsWith("payments/billing in cluster prod");
    }

    @Test
    void anotherClustersEndpointOfTheSameNamespaceAndNameIsNotOurs() {
        WebhookEndpoint staging = endpointWith(new EndpointOwner("staging", "payments", "billing").metadata());
        WebhookEndpoint ours = endpointWith(PROD.metadata());
        WebhookEndpoint unnamed = endpointWith(UNNAMED.metadata());

        assertThat(PROD.owns(ours)).isTrue();
        assertThat(PROD.owns(staging)).isFalse();
        assertThat(PROD.owns(unnamed))
                .as("registered by an operator without a cluster name")
                .isFalse();
        assertThat(UNNAMED.owns(unnamed)).isTrue();
        assertThat(UNNAMED.owns(ours)).isFalse();
        assertThat(PROD.owns(endpointWith(Map.of()))).isFalse();
    }

    @Test
    void anEndpointAnEarlierVersionMadeWithoutAnIdentityIsToldApartFromAnotherInstallations() {
        WebhookEndpoint unnamed = endpointWith(UNNAMED.metadata());
        WebhookEndpoint staging = endpointWith(new EndpointOwner("staging", "payments", "billing").metadata());
        WebhookEndpoint elsewhere = endpointWith(new EndpointOwner(null, "payments", "other").metadata());

        assertThat(PROD.madeWithoutIdentity(unnamed)).isTrue();
        assertThat(PROD.madeWithoutIdentity(staging)).isFalse();
        assertThat(PROD.madeWithoutIdentity(elsewhere)).isFalse();
    }

    private static WebhookEndpoint endpointWith(Map<String, String> metadata) {
        WebhookEndpoint endpoint = new WebhookEndpoint();
        endpoint.setMetadata(metadata);
        return endpoint;
    }
}
