package dev.stripeoperator.receiver.backfill;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The events of the most recent list page exactly as Stripe sent them, by id.
 *
 * <p>stripe-java keeps the raw JSON only of the object a response returns (the list), not of the events inside it,
 * and re-serializing an {@code Event} drops fields the model does not know and nulls. The stored payload must be
 * what Stripe sent, so the transport hands every page body here before the SDK parses it.
 */
final class RawPages {

    private Map<String, String> current = Map.of();

    /** Takes a successful response body; bodies that are not event lists are ignored. */
    synchronized void record(String body) {
        Map<String, String> events = new HashMap<>();
        try {
            JsonElement root = JsonParser.parseString(body);
            if (!root.isJsonObject()
                    || !root.getAsJsonObject().has("data")
                    || !root.getAsJsonObject().get("data").isJsonArray()) {
                return;
            }
            for (JsonElement element : root.getAsJsonObject().getAsJsonArray("data")) {
                if (element.isJsonObject() && element.getAsJsonObject().has("id")) {
                    JsonObject event = element.getAsJsonObject();
                    events.put(event.get("id").getAsString(), event.toString());
                }
            }
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            // Not a list page; the SDK reports the malformed response itself.
            return;
        }
        current = events;
    }

    /** The raw JSON of an event on the page fetched last. */
    synchronized Optional<String> event(String id) {
        return Optional.ofNullable(current.get(id));
    }
}
