package dev.stripeoperator.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripeoperator.receiver.testing.TestEvents;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StripeEventTest {

    @Test
    void readsTheEnvelopeOfAStripeEvent() {
        StripeEvent event = StripeEvent.parse(TestEvents.event("evt_42", "invoice.paid", true)).orElseThrow();

        assertThat(event.id()).isEqualTo("evt_42");
        assertThat(event.type()).isEqualTo("invoice.paid");
        assertThat(event.livemode()).isTrue();
        assertThat(event.apiVersion()).contains("2025-10-29.clover");
    }

    @Test
    void nullApiVersionIsAbsent() {
        String json = "{\"id\":\"evt_1\",\"object\":\"event\",\"api_version\":null,\"created\":1,"
                + "\"livemode\":false,\"type\":\"x.y\"}";

        assertThat(StripeEvent.parse(json).orElseThrow().apiVersion()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "not json", "[1,2]", "\"event\"", "{}", "{\"hello\":\"world\"}",
            "{\"id\":\"evt_1\",\"object\":\"charge\",\"created\":1,\"livemode\":false,\"type\":\"x\"}",
            "{\"object\":\"event\",\"created\":1,\"livemode\":false,\"type\":\"x\"}",
            "{\"id\":\"evt_1\",\"object\":\"event\",\"created\":1,\"livemode\":\"no\",\"type\":\"x\"}",
            "{\"id\":\"evt_1\",\"object\":\"event\",\"created\":\"yesterday\",\"livemode\":false,\"type\":\"x\"}",
            "{\"id\":\"evt_1\",\"object\":\"event\",\"created\":1,\"livemode\":false,\"type\":{}}",
            "{\"id\":\"evt_1\",\"object\":\"event\",\"created\":1,\"livemode\":false,\"type\":\"x\""})
    void anythingElseIsNotAStripeEvent(String json) {
        assertThat(StripeEvent.parse(json)).isEqualTo(Optional.empty());
    }
}
