package dev.stripeoperator.receiver.webhook;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;

/**
 * The envelope fields of a verified Stripe event object that the receiver needs to store and filter it;
 * {@code created} is empty when the event's time is outside what can be stored (before 1970 or after 9999).
 */
public record StripeEvent(String id, String type, boolean livemode, Optional<String> apiVersion, Optional<Instant> created) {

    /** Longest id and type taken; Stripe's are a few dozen characters, the primary key index takes about 2.7 KB. */
    private static final int MAX_NAME_LENGTH = 255;
    private static final long LATEST_CREATED = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    /**
     * Reads the envelope; empty when the text is not one strict JSON object with {@code "object":"event"}, a
     * non-blank {@code id} and {@code type} of at most 255 characters, a boolean {@code livemode} and a numeric {@code created}. Nested
     * values are checked for syntax and skipped rather than built into a tree.
     */
    public static Optional<StripeEvent> parse(String json) {
        String object = null;
        String id = null;
        String type = null;
        Boolean livemode = null;
        Long created = null;
        String apiVersion = null;
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                return Optional.empty();
            }
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                JsonToken token = reader.peek();
                switch (name) {
                    case "object" -> object = stringOrSkip(reader, token);
                    case "id" -> id = stringOrSkip(reader, token);
                    case "type" -> type = stringOrSkip(reader, token);
                    case "api_version" -> apiVersion = stringOrSkip(reader, token);
                    case "livemode" -> livemode = token == JsonToken.BOOLEAN ? reader.nextBoolean() : skip(reader, null);
                    case "created" -> created = token == JsonToken.NUMBER ? reader.nextLong() : skip(reader, null);
                    default -> reader.skipValue();
                }
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT || !"event".equals(object) || blank(id) || blank(type)
                    || id.length() > MAX_NAME_LENGTH || type.length() > MAX_NAME_LENGTH
                    || livemode == null || created == null) {
                return Optional.empty();
            }
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(new StripeEvent(id, type, livemode, Optional.ofNullable(apiVersion).filter(v -> !v.isBlank()),
                created < 0 || created > LATEST_CREATED ? Optional.empty() : Optional.of(Instant.ofEpochSecond(created))));
    }

    private static String stringOrSkip(JsonReader reader, JsonToken token) throws IOException {
        return token == JsonToken.STRING ? reader.nextString() : skip(reader, null);
    }

    private static <T> T skip(JsonReader reader, T result) throws IOException {
        reader.skipValue();
        return result;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
