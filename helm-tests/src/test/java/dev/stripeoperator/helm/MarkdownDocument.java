package dev.stripeoperator.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown file as GitHub renders it, for following its links: the anchors of its headings, and the text outside
 * fenced code blocks, where its links are.
 */
record MarkdownDocument(Path file, List<String> prose, Set<String> anchors) {

    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~).*");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)(\\s+#+)?\\s*$");
    private static final Pattern INLINE_LINK = Pattern.compile("\\[([^]]*)]\\([^)]*\\)");

    /** Reads {@code file}: its lines outside fenced code blocks and the anchors of its headings. */
    static MarkdownDocument read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> prose = new ArrayList<>();
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : lines) {
            if (FENCE.matcher(line).matches()) {
                fenced = !fenced;
                prose.add("");
                continue;
            }
            prose.add(fenced ? "" : line);
            Matcher heading = HEADING.matcher(line);
            if (!fenced && heading.matches()) {
                String anchor = anchor(heading.group(1));
                int earlier = seen.merge(anchor, 1, Integer::sum) - 1;
                anchors.add(earlier == 0 ? anchor : anchor + "-" + earlier);
            }
        }
        return new MarkdownDocument(file, List.copyOf(prose), Set.copyOf(anchors));
    }

    /**
     * The anchor GitHub gives a heading: its text (a link's text, not its target) in lower case, every character but
     * letters, digits, spaces, hyphens and underscores dropped, spaces turned into hyphens.
     */
    static String anchor(String heading) {
        return INLINE_LINK
                .matcher(heading.strip())
                .replaceAll("$1")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N} _-]", "")
                .replace(' ', '-');
    }
}
