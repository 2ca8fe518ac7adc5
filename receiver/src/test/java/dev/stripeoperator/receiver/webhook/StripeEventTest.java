package dev.stripeoperator.receiver.webhook;

import java.util.Optional;

import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class StripeEventTest {

    @Test
    void readsTheEnvelopeOfAStripeEvent() {
        StripeEvent event = StripeEvent.parse(TestEvents.event("evt_42", "invoice.paid", true))
                .orElseThrow();

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
    @ValueSource(
            strings = {
                "",
                "not json",
                "[1,2]",
                "\"event\"",
                "{}",
                "{\"hello\":\"world\"}",
                "{\"id\":\"evt_1\",\"object\":\"charge\",\"created\":1,\"livemode\":false,\"type\":\"x\"}",
                "{\"object\":\"event\",\"created\":1,\"livemode\":false,\"type\":\"x\"}",
                "{\"id\":\"evt_1\",\"object\":\"event\",\"created\":1,\"livemode\":\"no\",\"type\":\"x\"}",
                "{\"id\":\"evt_1\",\"object\":\"event\",\"created\":\"yesterday\",\"livemode\":false,\"type\":\"x\"}",
                "{\"id\":\"evt_1\",\"object\":\"event\",\"created\":1,\"livemode\":false,\"type\":{}}",
                "{\"id\":\"evt_1\",\"object\":\"event\",\"created\":1,\"livemode\":false,\"type\":\"x\""
            })
    void anythingElseIsNotAStripeEvent(String json) {
        assertThat(StripeEvent.parse(json)).isEqualTo(Optional.empty());
    }

    @Test
    void readsTheEnvelopeOfAThinEventWithItsRelatedObjectAndContext() {
        StripeEvent event = StripeEvent.parse(
                        TestEvents.thinEvent("evt_test_65R9", "v1.billing.meter.no_meter_found", true))
                .orElseThrow();

        assertThat(event.id()).isEqualTo("evt_test_65R9");
        assertThat(event.type()).isEqualTo("v1.billing.meter.no_meter_found");
        assertThat(event.livemode()).isTrue();
        assertThat(event.apiVersion()).isEmpty();
        assertThat(event.created()).isPresent();
        assertThat(event.kind()).isEqualTo("thin");
        assertThat(event.thin()).hasValueSatisfying(thin -> {
            assertThat(thin.context()).contains("acct_1Nv0FGQ9RKHgCVdK");
            assertThat(thin.relatedObjectId()).contains("mtr_test_61R9");
            assertThat(thin.relatedObjectType()).contains("billing.meter");
            assertThat(thin.relatedObjectUrl()).contains("/v1/billing/meters/mtr_test_61R9");
        });
    }

    @Test
    void aThinEventWithoutContextOrRelatedObjectHasNeither() {
        String json = "{\"id\":\"evt_1\",\"object\":\"v2.core.event\",\"type\":\"v2.core.account.updated\","
                + "\"livemode\":false,\"created\":\"2025-11-30T08:00:00.123Z\"}";

        StripeEvent event = StripeEvent.parse(json).orElseThrow();

        assertThat(event.created()).contains(java.time.Instant.parse("2025-11-30T08:00:00.123Z"));
        assertThat(event.thin())
                .contains(new dev.stripeoperator.receiver.store.ThinEventDetails(
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void aThinEventFromBeforeTheEpochHasNoStorableTime() {
        String json = "{\"id\":\"evt_1\",\"object\":\"v2.core.event\",\"type\":\"x\",\"livemode\":false,"
                + "\"created\":\"1969-12-31T23:59:59Z\"}";

        assertThat(StripeEvent.parse(json).orElseThrow().created()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"object\":\"v2.core.event\",\"type\":\"x\",\"livemode\":false,\"created\":\"2025-11-30T08:00:00Z\"}",
                "{\"id\":\"evt_1\",\"object\":\"v2.core.event\",\"livemode\":false,\"created\":\"2025-11-30T08:00:00Z\"}",
                "{\"id\":\"evt_1\",\"object\":\"v2.core.event\",\"type\":\"x\",\"livemode\":\"no\",\"created\":\"2025-11-30T08:00:00Z\"}",
                "{\"id\":\"evt_1\",\"object\":\"v2.core.event\",\"type\":\"x\",\"created\":\"2025-11-30T08:00:00Z\"}",
                "{\"id\":\"evt_1\",\"object\":\"v2.core.event\",\"type\":\"x\",\"livemode\":false,\"created\":1764489600}",
                "{\"id\":\"evt_1\",\"object\":\"v2.core.event\",\"type\":\"x\",\"livemode\":false,\"created\":\"yesterday\"}",
                "{\"id\":\"evt_1\",\"object\":\"v2.core.event\",\"type\":\"x\",\"livemode\":false}",
                "{\"id\":\"\",\"object\":\"v2.core.event\",\"type\":\"x\",\"livemode\":false,\"created\":\"2025-11-30T08:00:00Z\"}",
                "{\"id\":\"evt_1\",\"object\":\"v2.core.event\",\"type\":\"x\",\"livemode\":false,\"created\":\"2025-11-30T08:00:00Z\",\"related_object\":\"mtr_1\"}",
                "{\"id\":\"evt_1\",\"object\":\"v2.core.event\",\"type\":\"x\",\"livemode\":false,\"created\":\"2025-11-30T08:00:00Z\"",
                "{\"id\":\"evt_1\",\"object\":\"v2.core.event\",\"type\":\"x\",\"livemode\":false,\"created\":\"2025-11-30T08:00:00Z\"} {}"
            })
    void aThinEventOfAnotherShapeIsNotAStripeEvent(String json) {
        assertThat(StripeEvent.parse(json)).isEqualTo(Optional.empty());
    }

    @Test
    void aThinIdLongerThanTheKeyTakesIsNotAStripeEvent() {
        String json = "{\"id\":\"" + "e".repeat(256) + "\",\"object\":\"v2.core.event\",\"type\":\"x\","
                + "\"livemode\":false,\"created\":\"2025-11-30T08:00:00Z\"}";

        assertThat(StripeEvent.parse(json)).isEmpty();
    }
}
