package dev.stripeoperator.helm;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a Prometheus text exposition offers: each series name with the values seen for each of its labels. */
record Exposition(Map<String, Map<String, Set<String>>> series) {

    private static final Pattern SAMPLE = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)(\\{(.*)})?\\s+\\S+.*");
    private static final Pattern LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"((?:\\\\.|[^\"\\\\])*)\"");

    static Exposition parse(String text) {
        Map<String, Map<String, Set<String>>> series = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, Set<String>> labels = series.computeIfAbsent(sample.group(1), name -> new TreeMap<>());
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.computeIfAbsent(label.group(1), name -> new TreeSet<>())
                            .add(label.group(2));
                }
            }
        }
        return new Exposition(series);
    }

    /** This exposition with the series of {@code other} added. */
    Exposition with(Exposition other) {
        Map<String, Map<String, Set<String>>> merged = new TreeMap<>(series);
        merged.putAll(other.series);
        return new Exposition(merged);
    }
}
