package dev.stripeoperator.receiver.webhook;

import java.util.Optional;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.model.v2.core.Event;
import com.stripe.model.v2.core.EventNotification;
import com.stripe.net.ApiResource;
import dev.stripeoperator.receiver.store.ThinEventDetails;

/**
 * Reads a thin event ({@code "object":"v2.core.event"}, RFC 3339 {@code created}) with stripe-java's event
 * notification model, the one {@code StripeClient.parseEventNotification} returns after the signature check.
 */
final class ThinEnvelope {

    /** The {@code object} of a thin event. */
    static final String OBJECT = "v2.core.event";

    private ThinEnvelope() {}

    /**
     * The envelope of a verified thin event; empty when it lacks a valid id or type, a boolean {@code livemode} or an
     * RFC 3339 {@code created}, or when its related object is not an object.
     */
    static Optional<StripeEvent> parse(String json) {
        try {
            JsonObject root = JsonParser.parseString(json).getAsJsonObject();
            // Gson would read "livemode":"no" as false and stripe-java's time adapter takes numbers: shapes first.
            if (!isString(root, "id") || !isString(root, "type") || !isString(root, "created") || !isBoolean(root)) {
                return Optional.empty();
            }
            // No client: the notification is only read here; fetching the full event is the forwarder's business.
            EventNotification notification = EventNotification.fromJson(root, null);
            if (!StripeEvent.validNames(notification.getId(), notification.getType())
                    || notification.getLivemode() == null
                    || notification.getCreated() == null) {
                return Optional.empty();
            }
            Optional<Event.RelatedObject> related = relatedObject(root);
            ThinEventDetails details = new ThinEventDetails(
                    Optional.ofNullable(notification.getContext())
                            .map(Object::toString)
                            .filter(c -> !c.isEmpty()),
                    related.map(Event.RelatedObject::getId),
                    related.map(Event.RelatedObject::getType),
                    related.map(Event.RelatedObject::getUrl));
            return Optional.of(StripeEvent.thin(
                    notification.getId(),
                    notification.getType(),
                    notification.getLivemode(),
                    notification.getCreated(),
                    details));
        } catch (RuntimeException e) {
            // Gson and stripe-java's adapters throw their own unchecked exceptions for a field of the wrong shape
            // (a created time that is not RFC 3339, livemode as text); the body is signed, but still not a thin event.
            return Optional.empty();
        }
    }

    /** Known event types carry it in their own class; read it the same way for every type, known or not. */
    private static Optional<Event.RelatedObject> relatedObject(JsonObject root) {
        JsonElement related = root.get("related_object");
        if (related == null || related.isJsonNull()) {
            return Optional.empty();
        }
        if (!related.isJsonObject()) {
            throw new IllegalArgumentException("related_object is not an object");
        }
        return Optional.of(ApiResource.GSON.fromJson(related, Event.RelatedObject.class));
    }

    private static boolean isBoolean(JsonObject root) {
        JsonElement value = root.get("livemode");
        return value != null
                && value.isJsonPrimitive()
                && value.getAsJsonPrimitive().isBoolean();
    }

    private static boolean isString(JsonObject root, String name) {
        JsonElement value = root.get(name);
        return value != null
                && value.isJsonPrimitive()
                && value.getAsJsonPrimitive().isString();
    }
}
