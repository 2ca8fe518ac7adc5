package dev.stripeoperator.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON for the summaries runs leave as termination messages ({@link BackfillSummary}, {@link ReplaySummary}): writes
 * one object of scalar fields, and reads any JSON text strictly (RFC 8259), answering the fields of a top-level
 * object. The contract carries no JSON library so that neither side takes the other's; a summary is a few hundred
 * bytes of flat fields.
 */
final class FlatJson {

    /** The longest message a summary carries; the kubelet keeps at most 4096 bytes of a termination message. */
    static final int MAX_MESSAGE_CHARS = 1024;

    /** Deeper nesting than this is refused rather than followed: a termination message is never nested. */
    private static final int MAX_DEPTH = 16;

    private final String text;
    private int at;

    private FlatJson(String text) {
        this.text = text;
    }

    /** One object of these fields, in this order; values are strings, numbers, booleans or null. */
    static String write(Map<String, Object> fields) {
        StringBuilder json = new StringBuilder(256).append('{');
        fields.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            Quoting.quoted(json, name).append(':');
            if (value == null) {
                json.append("null");
            } else if (value instanceof String s) {
                Quoting.quoted(json, s);
            } else if (value instanceof BigDecimal decimal) {
                json.append(decimal.toPlainString());
            } else if (value instanceof Number || value instanceof Boolean) {
                json.append(value);
            } else {
                throw new IllegalArgumentException("not a scalar: " + name);
            }
        });
        return json.append('}').toString();
    }

    /** Puts a time that is known, in whole seconds (RFC 3339); an unknown one (null) is left out. */
    static void putTime(Map<String, Object> fields, String name, Instant time) {
        if (time != null) {
            fields.put(name, time.truncatedTo(ChronoUnit.SECONDS).toString());
        }
    }

    /** Puts a count that is known; an unknown one (null) is left out. */
    static void putCount(Map<String, Object> fields, String name, Long count) {
        if (count != null) {
            fields.put(name, count);
        }
    }

    /**
     * A summary's message cut to {@link #MAX_MESSAGE_CHARS}, so that with its counts it stays within the kubelet's
     * 4096 bytes of termination message.
     */
    static String cut(String message) {
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS - 1) + "…";
    }

    /** An RFC 3339 time as read, or null when absent or malformed. */
    static Instant instant(Object value) {
        try {
            return value instanceof String text ? Instant.parse(text) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A whole number as read, or null when absent or not one. */
    static Long count(Object value) {
        try {
            return value instanceof BigDecimal number ? number.longValueExact() : null;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /**
     * The fields of the object the text holds: strings as {@link String}, numbers as {@link BigDecimal}, booleans,
     * nulls as absent, nested values as lists and maps; empty when the text is not exactly one JSON object.
     */
    static Optional<Map<String, Object>> readObject(String text) {
        if (text == null) {
            return Optional.empty();
        }
        FlatJson reader = new FlatJson(text);
        try {
            reader.blanks();
            if (reader.peek() != '{') {
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) reader.value(0);
            reader.blanks();
            return reader.at == text.length() ? Optional.of(object) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested too deeply");
        }
        blanks();
        char c = peek();
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> fields = new LinkedHashMap<>();
        expect('{');
        blanks();
        if (peek() == '}') {
            at++;
            return fields;
        }
        while (true) {
            blanks();
            String name = string();
            blanks();
            expect(':');
            Object value = value(depth + 1);
            if (value == null) {
                fields.remove(name);
            } else {
                fields.put(name, value);
            }
            blanks();
            if (peek() == ',') {
                at++;
            } else {
                expect('}');
                return fields;
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> values = new ArrayList<>();
        expect('[');
        blanks();
        if (peek() == ']') {
            at++;
            return values;
        }
        while (true) {
            values.add(value(depth + 1));
            blanks();
            if (peek() == ',') {
                at++;
            } else {
                expect(']');
                return values;
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return value.toString();
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("control character in a string");
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
                case '"', '\\', '/' -> value.append(escaped);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> value.append(hex4());
                default -> throw new IllegalArgumentException("bad escape");
            }
        }
    }

    private char hex4() {
        if (at + 4 > text.length()) {
            throw new IllegalArgumentException("short unicode escape");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(at++), 16);
            if (digit < 0) {
                throw new IllegalArgumentException("bad unicode escape");
            }
            code = code * 16 + digit;
        }
        return (char) code;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw new IllegalArgumentException("unknown literal");
        }
        at += word.length();
        return value;
    }

    private BigDecimal number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else {
            digits();
        }
        if (at < text.length() && text.charAt(at) == '.') {
            at++;
            digits();
        }
        if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                at++;
            }
            digits();
        }
        return new BigDecimal(text.substring(start, at));
    }

    private void digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (at == start) {
            throw new IllegalArgumentException("digit expected");
        }
    }

    private void blanks() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalArgumentException("'" + c + "' expected");
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw new IllegalArgumentException("unexpected end");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }
}
