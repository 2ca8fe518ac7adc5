package dev.stripeoperator.operator.events;

import java.time.Instant;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventRecorderTest {

    private static StripeWebhookEndpoint endpoint() {
        StripeWebhookEndpoint endpoint = new StripeWebhookEndpoint();
        endpoint.setMetadata(new ObjectMetaBuilder()
                .withNamespace("payments")
                .withName("billing")
                .withUid("u-1")
                .withResourceVersion("42")
                .build());
        return endpoint;
    }

    @Test
    void theEventPointsAtTheEndpointAndNamesTheOperator() {
        Event event = new EventRecorder("operator-7d9f")
                .toEvent(
                        endpoint(),
                        new EndpointEvent("Warning", "SecretNotFound", "Secret payments/billing-whsec not found"),
                        Instant.parse("2026-11-23T10:00:00.750Z"));

        assertThat(event.getMetadata().getGenerateName()).isEqualTo("billing.");
        assertThat(event.getMetadata().getNamespace()).isEqualTo("payments");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("StripeWebhookEndpoint");
        assertThat(event.getInvolvedObject().getApiVersion()).isEqualTo("webhooks.stripe-operator.dev/v1alpha1");
        assertThat(event.getInvolvedObject().getUid()).isEqualTo("u-1");
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getReason()).isEqualTo("SecretNotFound");
        assertThat(event.getReportingInstance()).isEqualTo("operator-7d9f");
        assertThat(event.getSource().getComponent()).isEqualTo("stripe-webhook-operator");
        assertThat(event.getLastTimestamp()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(event.getCount()).isEqualTo(1);
    }

    @Test
    void aLongMessageIsCutToWhatTheApiServerTakes() {
        Event event = new EventRecorder("x")
                .toEvent(endpoint(), new EndpointEvent("Warning", "PathConflict", "p".repeat(5000)), Instant.EPOCH);

        assertThat(event.getMessage()).hasSize(1024).endsWith("…");
    }
}
