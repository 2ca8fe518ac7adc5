package dev.stripeoperator.receiver.backfill;

import java.time.Instant;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Event JSON as Stripe's events API returns it, for the tests. */
public final class StripeEventJson {

    private StripeEventJson() {}

    /**
     * An event with the envelope Stripe sends: nulls included (a re-serialized stripe-java {@code Event} drops them),
     * and a field stripe-java's model does not know, so a test can tell the raw JSON from a re-serialization.
     */
    public static JsonObject event(String id, String type, Instant created, boolean livemode) {
        String objectId = "in_" + id.substring(4);
        return JsonParser.parseString("""
                {
                  "id": "%s",
                  "object": "event",
                  "api_version": "2025-09-30.clover",
                  "created": %d,
                  "data": {
                    "object": {
                      "id": "%s",
                      "object": "invoice",
                      "amount_paid": 2000,
                      "currency": "usd",
                      "customer": "cus_RbK9q2LmXy7Tz1",
                      "status": "paid",
                      "metadata": {"order": "A-1001"}
                    }
                  },
                  "livemode": %s,
                  "pending_webhooks": 1,
                  "request": {"id": null, "idempotency_key": null},
                  "type": "%s",
                  "x_unmodelled_field": {"kept": true}
                }
                """.formatted(id, created.getEpochSecond(), objectId, livemode, type))
                .getAsJsonObject();
    }

    /**
     * A v2 event as {@code /v2/core/events} lists and retrieves it: the full form of a thin event, with the related
     * object and the event's own data.
     */
    public static JsonObject v2Event(String id, String type, Instant created, boolean livemode) {
        return v2Event(id, type, created, livemode, null);
    }

    /** The same, of the connected account {@code context} (the API key's own account when null). */
    public static JsonObject v2Event(String id, String type, Instant created, boolean livemode, String context) {
        String meter = "mtr_" + id.substring(4);
        return JsonParser.parseString("""
                {
                  "id": "%s",
                  "object": "v2.core.event",
                  "type": "%s",
                  "created": "%s",
                  "livemode": %s,
                  "context": %s,
                  "related_object": {"id": "%s", "type": "billing.meter", "url": "/v1/billing/meters/%s"},
                  "reason": {"type": "request", "request": {"id": "req_v2%s", "idempotency_key": null}},
                  "data": {"developer_message_summary": "There is 1 invalid event", "validation_start": "%s"}
                }
                """.formatted(
                                id,
                                type,
                                created,
                                livemode,
                                context == null ? "null" : "\"" + context + "\"",
                                meter,
                                meter,
                                id.substring(4),
                                created))
                .getAsJsonObject();
    }
}
