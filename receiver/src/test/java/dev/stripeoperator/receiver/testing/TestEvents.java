package dev.stripeoperator.receiver.testing;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Stripe event objects as Stripe sends them (envelope plus a small data object). */
public final class TestEvents {

    /** The connected account that {@link #thinEvent(String, String, boolean)} happened in, its {@code context}. */
    public static final String CONNECTED_ACCOUNT = "acct_1Nv0FGQ9RKHgCVdK";

    private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime());

    private TestEvents() {}

    /** A fresh, unique event id. */
    public static String newId() {
        return "evt_test" + Long.toHexString(SEQUENCE.incrementAndGet());
    }

    /** A test-mode event of this type. */
    public static String event(String id, String type) {
        return event(id, type, false);
    }

    /** An event of this type and mode, pretty-printed like Stripe's deliveries. */
    public static String event(String id, String type, boolean livemode) {
        return """
                {
                  "id": "%s",
                  "object": "event",
                  "api_version": "2025-10-29.clover",
                  "created": %d,
                  "data": {
                    "object": {
                      "id": "in_1Qx9",
                      "object": "invoice",
                      "amount_paid": 4200,
                      "currency": "eur",
                      "description": "Caf\u00e9 cr\u00e8me \u2615"
                    }
                  },
                  "livemode": %s,
                  "pending_webhooks": 1,
                  "request": { "id": null, "idempotency_key": null },
                  "type": "%s"
                }
                """.formatted(id, Instant.now().getEpochSecond(), livemode, type);
    }

    /** A thin event notification of this type and mode, as an event destination delivers it. */
    public static String thinEvent(String id, String type, boolean livemode) {
        return thinEvent(id, type, livemode, CONNECTED_ACCOUNT);
    }

    /** The same, of the connected account {@code context}, or of the account itself (no context) when null. */
    public static String thinEvent(String id, String type, boolean livemode, String context) {
        return """
                {
                  "id": "%s",
                  "object": "v2.core.event",
                  "type": "%s",
                  "livemode": %s,
                  "created": "%s",
                  "context": %s,
                  "related_object": {
                    "id": "mtr_test_61R9",
                    "type": "billing.meter",
                    "url": "/v1/billing/meters/mtr_test_61R9"
                  },
                  "reason": { "type": "request", "request": { "id": "req_v2abc", "idempotency_key": null } }
                }
                """.formatted(id, type, livemode, Instant.now(), context == null ? "null" : '"' + context + '"');
    }
}
