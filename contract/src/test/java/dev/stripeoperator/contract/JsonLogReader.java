package dev.stripeoperator.contract;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Reads a {@code LOG_FORMAT=json} line back, strictly and with a JSON parser of its own (Gson's, not the writer's):
 * exactly one object on one line, {@code time}, {@code level} and {@code logger} first, then either a kind and pairs of
 * the {@link LogKey} set or a library's message, each key once, every value a string, number, boolean or null.
 */
public final class JsonLogReader {

    private static final List<String> ENVELOPE = List.of("time", "level", "logger");
    private static final Set<String> AFTER_THE_PAIRS = Set.of("exception");

    /**
     * A line taken apart: its envelope, and its kind (null for a library's line) with the other fields as JSON gave
     * them: strings, {@link BigDecimal} numbers, booleans, nulls.
     */
    public record Parsed(String time, String level, String logger, String kind, Map<String, Object> values) {

        /** The values as the text format writes them: numbers and booleans as their text, unknown values null. */
        public Map<String, String> texts() {
            Map<String, String> texts = new LinkedHashMap<>();
            values.forEach((key, value) -> texts.put(
                    key, value == null ? null : value instanceof BigDecimal d ? d.toPlainString() : value.toString()));
            return texts;
        }
    }

    private JsonLogReader() {}

    /** Takes a line apart; throws IllegalArgumentException naming the first thing that is not such a line. */
    public static Parsed parse(String line) {
        if (line.contains("\n") || line.contains("\r")) {
            throw new IllegalArgumentException("a log line spans lines: " + line);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonReader reader = new JsonReader(new StringReader(line))) {
            reader.setLenient(false);
            reader.beginObject();
            while (reader.hasNext()) {
                String key = reader.nextName();
                Object value = switch (reader.peek()) {
                    case STRING -> reader.nextString();
                    case NUMBER -> new BigDecimal(reader.nextString());
                    case BOOLEAN -> reader.nextBoolean();
                    case NULL -> {
                        reader.nextNull();
                        yield null;
                    }
                    default -> throw new IllegalArgumentException("'" + key + "' is not a scalar: " + line);
                };
                if (fields.containsKey(key)) {
                    throw new IllegalArgumentException("key '" + key + "' twice: " + line);
                }
                fields.put(key, value);
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("text after the object: " + line);
            }
        } catch (IOException | IllegalStateException e) {
            throw new IllegalArgumentException("not one JSON object: " + e.getMessage() + ": " + line, e);
        }
        List<String> keys = List.copyOf(fields.keySet());
        if (keys.size() < ENVELOPE.size() || !keys.subList(0, ENVELOPE.size()).equals(ENVELOPE)) {
            throw new IllegalArgumentException("time, level and logger do not come first: " + line);
        }
        ENVELOPE.forEach(key -> {
            if (!(fields.get(key) instanceof String)) {
                throw new IllegalArgumentException(key + " is not a string: " + line);
            }
        });
        String time = (String) fields.remove("time");
        String level = (String) fields.remove("level");
        String logger = (String) fields.remove("logger");
        Object kind = fields.remove("kind");
        if (kind == null) {
            if (!(fields.get("message") instanceof String)) {
                throw new IllegalArgumentException("neither a kind nor a message: " + line);
            }
        } else if (!(kind instanceof String word) || !word.matches("[a-z][a-z_]*")) {
            throw new IllegalArgumentException("the kind is not a lower-case word: " + line);
        } else {
            for (String key : fields.keySet()) {
                if (!AFTER_THE_PAIRS.contains(key)
                        && Arrays.stream(LogKey.values()).noneMatch(k -> k.key().equals(key))) {
                    throw new IllegalArgumentException("key '" + key + "' is not in the key set: " + line);
                }
            }
        }
        return new Parsed(time, level, logger, (String) kind, fields);
    }
}
