package dev.stripeoperator.contract;

/**
 * The one way a value is quoted, in the summary JSON and in log lines alike: double quotes, a backslash before a
 * quote or backslash, {@code \n}, {@code \r}, {@code \t}, and backslash-u escapes for every other control
 * character and the Unicode line and paragraph separators, so that a quoted value never spans lines.
 */
final class Quoting {

    private Quoting() {}

    static StringBuilder quoted(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
