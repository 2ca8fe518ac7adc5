package dev.stripeoperator.receiver.webhook;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.util.Optional;

/** The envelope fields of a verified Stripe event object that the receiver needs to store and filter it. */
public record StripeEvent(String id, String type, boolean livemode, Optional<String> apiVersion, Instant created) {

    /** Reads the envelope; empty when the JSON is not a Stripe event object. */
    public static Optional<StripeEvent> parse(String json) {
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                return Optional.empty();
            }
            JsonObject event = root.getAsJsonObject();
            Optional<String> object = string(event, "object");
            Optional<String> id = string(event, "id");
            Optional<String> type = string(event, "type");
            Optional<JsonPrimitive> livemode = primitive(event, "livemode").filter(JsonPrimitive::isBoolean);
            Optional<JsonPrimitive> created = primitive(event, "created").filter(JsonPrimitive::isNumber);
            if (!object.equals(Optional.of("event")) || id.isEmpty() || type.isEmpty()
                    || livemode.isEmpty() || created.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new StripeEvent(id.get(), type.get(), livemode.get().getAsBoolean(),
                    string(event, "api_version"), Instant.ofEpochSecond(created.get().getAsLong())));
        } catch (JsonParseException | NumberFormatException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static Optional<JsonPrimitive> primitive(JsonObject object, String member) {
        JsonElement element = object.get(member);
        return element != null && element.isJsonPrimitive() ? Optional.of(element.getAsJsonPrimitive()) : Optional.empty();
    }

    private static Optional<String> string(JsonObject object, String member) {
        return primitive(object, member).filter(JsonPrimitive::isString).map(JsonPrimitive::getAsString)
                .filter(s -> !s.isBlank());
    }
}
