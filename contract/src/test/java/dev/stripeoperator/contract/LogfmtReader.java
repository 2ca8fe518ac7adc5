package dev.stripeoperator.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a log line back, strictly and independently of {@link LogLine}: the kind, then {@code key=value} pairs with
 * keys of the {@link LogKey} set, each key once, values bare or quoted with backslash escapes.
 */
public final class LogfmtReader {

    /** A line taken apart. */
    public record Parsed(String kind, Map<String, String> values) {}

    private final String line;
    private int at;

    private LogfmtReader(String line) {
        this.line = line;
    }

    /** Takes a line apart; throws IllegalArgumentException naming the first thing that is not logfmt of our key set. */
    public static Parsed parse(String line) {
        return new LogfmtReader(line).read();
    }

    private Parsed read() {
        if (line.contains("\n") || line.contains("\r")) {
            throw new IllegalArgumentException("a log line spans lines: " + line);
        }
        String kind = token();
        if (!kind.matches("[a-z][a-z_]*")) {
            throw new IllegalArgumentException("no kind word at the start: " + line);
        }
        Map<String, String> values = new LinkedHashMap<>();
        while (at < line.length()) {
            expect(' ');
            String key = token();
            if (!key.matches("[a-z_]+")
                    || java.util.Arrays.stream(LogKey.values())
                            .noneMatch(k -> k.key().equals(key))) {
                throw new IllegalArgumentException("key '" + key + "' is not in the key set: " + line);
            }
            expect('=');
            String value = at < line.length() && line.charAt(at) == '"' ? quoted() : bare();
            if (values.put(key, value) != null) {
                throw new IllegalArgumentException("key '" + key + "' twice: " + line);
            }
        }
        return new Parsed(kind, values);
    }

    private String token() {
        int start = at;
        while (at < line.length() && line.charAt(at) != ' ' && line.charAt(at) != '=') {
            at++;
        }
        return line.substring(start, at);
    }

    private String bare() {
        int start = at;
        while (at < line.length() && line.charAt(at) != ' ') {
            char c = line.charAt(at);
            if (c < '!' || c > '~' || c == '"' || c == '=' || c == '\\') {
                throw new IllegalArgumentException("'" + c + "' in a bare value: " + line);
            }
            at++;
        }
        if (at == start) {
            throw new IllegalArgumentException("empty bare value: " + line);
        }
        String value = line.substring(start, at);
        return value.equals("-") ? null : value;
    }

    private String quoted() {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            if (at >= line.length()) {
                throw new IllegalArgumentException("unterminated quoted value: " + line);
            }
            char c = line.charAt(at++);
            if (c == '"') {
                if (at < line.length() && line.charAt(at) != ' ') {
                    throw new IllegalArgumentException("text after a quoted value: " + line);
                }
                return value.toString();
            }
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("unescaped control character: " + line);
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            char escaped = line.charAt(at++);
            switch (escaped) {
                case '"', '\\' -> value.append(escaped);
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    value.append((char) Integer.parseInt(line.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + escaped + ": " + line);
            }
        }
    }

    private void expect(char c) {
        if (at >= line.length() || line.charAt(at) != c) {
            throw new IllegalArgumentException("'" + c + "' expected at " + at + ": " + line);
        }
        at++;
    }
}
