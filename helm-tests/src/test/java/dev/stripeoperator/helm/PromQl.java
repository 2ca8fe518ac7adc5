package dev.stripeoperator.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series selectors of a PromQL expression (metric names and their label matchers), found by a tokenizer that
 * knows PromQL's functions, aggregations, keywords, label lists, ranges and strings. Enough to check that alerts and
 * dashboards name only series that exist; not a validating parser (promtool validates the rules).
 */
record PromQl(String expression) {

    /** One series selector: a metric name (null for a bare {@code {...}}) and its label matchers. */
    record Selector(String metric, List<LabelMatcher> matchers) {}

    /** One label matcher such as {@code outcome=~"rejected|unavailable"}. */
    record LabelMatcher(String label, String operator, String value) {

        /** The literal values it names: the value of {@code =} or {@code !=}, each alternative of a plain regex. */
        List<String> literals() {
            if (value.contains("$")) {
                return List.of();
            }
            if (operator.equals("=") || operator.equals("!=")) {
                return List.of(value);
            }
            return value.matches("[A-Za-z0-9_]+(\\|[A-Za-z0-9_]+)*") ? List.of(value.split("\\|")) : List.of();
        }
    }

    private static final Pattern TOKEN = Pattern.compile("\\s+|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`"
            + "|\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*"
            + "|[A-Za-z_:][A-Za-z0-9_:]*|[0-9][0-9.eE]*[a-zA-Z]*"
            + "|=~|!~|!=|==|>=|<=|[-+*/%^=<>(){}\\[\\],:@]");
    private static final Set<String> AGGREGATIONS = Set.of(
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile",
            "limitk",
            "limit_ratio");
    private static final Set<String> LABEL_LISTS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

    /** Every selector, in order of appearance. */
    List<Selector> selectors() {
        List<String> tokens = tokens();
        List<Selector> selectors = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            if (token.equals("[")) {
                i = closing(tokens, i, "[", "]");
            } else if (LABEL_LISTS.contains(token)) {
                if (next.equals("(")) {
                    i = closing(tokens, i + 1, "(", ")");
                }
            } else if (token.equals("{")) {
                int end = closing(tokens, i, "{", "}");
                selectors.add(new Selector(null, matchers(tokens.subList(i + 1, end))));
                i = end;
            } else if (isIdentifier(token)
                    && !next.equals("(")
                    && !AGGREGATIONS.contains(token)
                    && !KEYWORDS.contains(token)) {
                List<LabelMatcher> matchers = List.of();
                if (next.equals("{")) {
                    int end = closing(tokens, i + 1, "{", "}");
                    matchers = matchers(tokens.subList(i + 2, end));
                    i = end;
                }
                selectors.add(new Selector(token, matchers));
            }
        }
        return selectors;
    }

    private List<String> tokens() {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(expression);
        int at = 0;
        while (at < expression.length()) {
            if (!matcher.find(at) || matcher.start() != at) {
                throw new IllegalArgumentException("cannot read PromQL at " + at + ": " + expression);
            }
            if (!matcher.group().isBlank()) {
                tokens.add(matcher.group());
            }
            at = matcher.end();
        }
        return tokens;
    }

    private static List<LabelMatcher> matchers(List<String> tokens) {
        List<LabelMatcher> matchers = new ArrayList<>();
        for (int i = 0; i + 2 < tokens.size(); i += 4) {
            String value = tokens.get(i + 2);
            matchers.add(new LabelMatcher(tokens.get(i), tokens.get(i + 1), value.substring(1, value.length() - 1)));
            if (i + 3 < tokens.size() && !tokens.get(i + 3).equals(",")) {
                throw new IllegalArgumentException("cannot read the label matchers " + tokens);
            }
        }
        return matchers;
    }

    /** The index of the bracket that closes the one at {@code open}. */
    private static int closing(List<String> tokens, int open, String opening, String closing) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).equals(opening)) {
                depth++;
            } else if (tokens.get(i).equals(closing) && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced " + opening + " in " + tokens);
    }

    private static boolean isIdentifier(String token) {
        return Character.isLetter(token.charAt(0)) || token.charAt(0) == '_' || token.charAt(0) == ':';
    }
}
