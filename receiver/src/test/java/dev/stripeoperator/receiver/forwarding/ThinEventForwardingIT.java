package dev.stripeoperator.receiver.forwarding;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.stripeoperator.receiver.forwarding.TestSink.SinkAnswer;
import dev.stripeoperator.receiver.testing.RunningReceiver;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Thin events ({@code v2.core.event}) through the real receiver: verified, stored in PostgreSQL with their related
 * object and context, deduped, forwarded as received and counted by type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThinEventForwardingIT {

    private static final String SECRET = "whsec_thin_event_it";
    private static final String METER_ERROR = "v1.billing.meter.error_report_triggered";

    private TestDatabase db;
    private TestSink sink;
    private RunningReceiver receiver;

    @BeforeAll
    void start() {
        db = TestDatabase.start();
        sink = TestSink.start(request -> SinkAnswer.status(200));
        receiver = RunningReceiver.start(
                db,
                Map.of(
                        "STRIPE_WEBHOOK_SECRET",
                        SECRET,
                        "SINK_URL",
                        sink.uri().toString(),
                        "LIVEMODE",
                        "false",
                        "ENABLED_EVENTS",
                        "v1.billing.meter.*"));
    }

    @AfterAll
    void stop() {
        sink.close();
        receiver.close();
        db.close();
    }

    private HttpResponse<String> deliver(String payload) {
        return receiver.deliver(payload, StripeSigner.sign(payload, SECRET));
    }

    @Test
    void aThinEventIsStoredWithItsRelatedObjectAndReachesTheSinkByteForByte() {
        String id = TestEvents.newId();
        String payload = TestEvents.thinEvent(id, METER_ERROR, false);

        assertThat(deliver(payload).statusCode()).isEqualTo(200);

        assertThat(db.column(id, "kind")).contains("thin");
        assertThat(db.column(id, "related_object_id")).contains("mtr_test_61R9");
        assertThat(db.column(id, "related_object_type")).contains("billing.meter");
        assertThat(db.column(id, "related_object_url")).contains("/v1/billing/meters/mtr_test_61R9");
        assertThat(db.column(id, "context")).contains("acct_1Nv0FGQ9RKHgCVdK");
        assertThat(db.column(id, "api_version")).isEmpty();
        await().until(() -> db.status(id).orElseThrow().equals("delivered"));
        assertThat(sink.received())
                .filteredOn(request -> id.equals(request.eventId()))
                .singleElement()
                .satisfies(request -> {
                    assertThat(request.body()).isEqualTo(payload);
                    assertThat(request.header("Stripe-Event-Type")).isEqualTo(METER_ERROR);
                });
    }

    @Test
    void aThinEventDeliveredTwiceIsStoredAndForwardedOnce() {
        String id = TestEvents.newId();
        String payload = TestEvents.thinEvent(id, "v1.billing.meter.no_meter_found", false);

        assertThat(deliver(payload).body()).isEqualTo("{\"received\":true,\"duplicate\":false}");
        assertThat(deliver(payload).body()).isEqualTo("{\"received\":true,\"duplicate\":true}");

        assertThat(db.count(id)).isEqualTo(1);
        await().until(() -> db.status(id).orElseThrow().equals("delivered"));
        assertThat(sink.received())
                .filteredOn(request -> id.equals(request.eventId()))
                .hasSize(1);
    }

    @Test
    void aThinEventOfATypeNotEnabledIsStoredAsIgnoredAndNotForwarded() {
        String id = TestEvents.newId();

        assertThat(deliver(TestEvents.thinEvent(id, "v2.core.account.updated", false))
                        .statusCode())
                .isEqualTo(200);

        assertThat(db.status(id)).contains("ignored");
        assertThat(db.column(id, "kind")).contains("thin");
    }

    @Test
    void thinAndSnapshotEventsAreCountedByKindAndType() {
        String thin = TestEvents.thinEvent(TestEvents.newId(), "v1.billing.meter.no_meter_found", false);
        deliver(thin);
        deliver(thin);
        deliver(TestEvents.event(TestEvents.newId(), "invoice.paid"));

        // Counted right after the answer is sent.
        await().untilAsserted(
                        () -> assertThat(receiver.get("/observe/metrics").body())
                                .containsPattern(
                                        "stripe_webhook_events_total\\{kind=\"thin\",outcome=\"accepted\",[^}]*"
                                                + "type=\"v1.billing.meter.no_meter_found\",} [1-9]")
                                .containsPattern(
                                        "stripe_webhook_events_total\\{kind=\"thin\",outcome=\"duplicate\",[^}]*"
                                                + "type=\"v1.billing.meter.no_meter_found\",} [1-9]")
                                .containsPattern(
                                        "stripe_webhook_events_total\\{kind=\"snapshot\",outcome=\"ignored\",[^}]*type=\"invoice.paid\",} [1-9]"));
    }
}
