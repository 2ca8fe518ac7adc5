package dev.stripeoperator.receiver.webhook;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.stripeoperator.receiver.store.ThinEventDetails;

/**
 * The envelope fields of a verified Stripe event that the receiver needs to store and filter it, of a snapshot event
 * ({@code "object":"event"}) or of a thin one ({@code "object":"v2.core.event"}, with its {@code thin} details);
 * {@code created} is empty when the event's time is outside what can be stored (before 1970 or after 9999).
 */
public record StripeEvent(
        String id,
        String type,
        boolean livemode,
        Optional<String> apiVersion,
        Optional<Instant> created,
        Optional<ThinEventDetails> thin) {

    /** Longest id and type taken; Stripe's are a few dozen characters, the primary key index takes about 2.7 KB. */
    static final int MAX_NAME_LENGTH = 255;

    private static final Instant EARLIEST_CREATED = Instant.EPOCH;
    private static final Instant LATEST_CREATED = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * Reads the envelope; empty when the text is not one strict JSON object with {@code "object":"event"}, a
     * non-blank {@code id} and {@code type} of at most 255 characters, a boolean {@code livemode} and a numeric {@code created}
     * (or a thin event that {@link ThinEnvelope} takes). Nested values are checked for syntax and skipped rather than
     * built into a tree.
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
                    case "livemode" ->
                        livemode = token == JsonToken.BOOLEAN ? reader.nextBoolean() : skip(reader, null);
                    case "created" -> created = token == JsonToken.NUMBER ? reader.nextLong() : skip(reader, null);
                    default -> reader.skipValue();
                }
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                return Optional.empty();
            }
            if (ThinEnvelope.OBJECT.equals(object)) {
                // Strict syntax is settled above; the thin envelope is read by stripe-java's own model.
                return ThinEnvelope.parse(json);
            }
            if (!"event".equals(object) || !validNames(id, type) || livemode == null || created == null) {
                return Optional.empty();
            }
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(new StripeEvent(
                id,
                type,
                livemode,
                Optional.ofNullable(apiVersion).filter(v -> !v.isBlank()),
                created < 0 || created > LATEST_CREATED.getEpochSecond()
                        ? Optional.empty()
                        : Optional.of(Instant.ofEpochSecond(created)),
                Optional.empty()));
    }

    /** A thin event: it has no API version, its payload names the related object instead of carrying it. */
    static StripeEvent thin(String id, String type, boolean livemode, Instant created, ThinEventDetails details) {
        return new StripeEvent(id, type, livemode, Optional.empty(), storable(created), Optional.of(details));
    }

    /** True when the id and type can be stored and dedupe on. */
    static boolean validNames(String id, String type) {
        return !blank(id) && !blank(type) && id.length() <= MAX_NAME_LENGTH && type.length() <= MAX_NAME_LENGTH;
    }

    /** The kind label of metrics and logs: {@code thin} or {@code snapshot}. */
    public String kind() {
        return ThinEventDetails.kind(thin);
    }

    private static Optional<Instant> storable(Instant created) {
        return created.isBefore(EARLIEST_CREATED) || created.isAfter(LATEST_CREATED)
                ? Optional.empty()
                : Optional.of(created);
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
