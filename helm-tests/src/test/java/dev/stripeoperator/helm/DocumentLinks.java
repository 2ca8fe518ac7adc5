package dev.stripeoperator.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Follows the links of the docs to the repository's files and headings. A link is a Markdown link to a relative target
 * ({@code [text](docs/x.md#anchor)}, {@code [text](#anchor)}), or a path in the repository written in the text
 * ({@code docs/forwarding.md}, {@code examples/replay/...yaml}, the root's {@code UPGRADING.md}), optionally followed
 * by the heading it points at the way these docs write it: {@code `docs/forwarding.md`, "Replay"}. Other bare file
 * names are relative to what the text is about (a table of examples/), paths of build output ({@code target/},
 * {@code dist/}) and patterns ({@code *}, {@code <version>}) are not files to find.
 */
final class DocumentLinks {

    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\[[^]]*]\\(([^)\\s]+)\\)");
    private static final Pattern PATH = Pattern.compile(
            "(?<![\\w./~$-])((?:[\\w.-]+/)+[\\w.<>*…-]*|(?:README|CHANGELOG|UPGRADING)\\.md)(#[\\w-]+)?");
    private static final Pattern SECTION = Pattern.compile("^`?,? \"([^\"]+)\"");
    private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.-]*:.*");
    /** Directories of the checkout that are not the project's files: build output and local state. */
    private static final Set<String> NOT_SOURCES = Set.of("target", "dist");
    /** Dot directories the repository tracks (others, such as .tools and .cluster, are local state). */
    private static final Set<String> TRACKED_DOT_DIRECTORIES = Set.of(".github", ".ci");

    private final Path root;
    private final Set<String> topDirectories;
    private final Map<Path, Optional<MarkdownDocument>> documents = new HashMap<>();

    DocumentLinks(Path root) {
        this.root = root;
        try (Stream<Path> entries = Files.list(root)) {
            this.topDirectories = entries.filter(Files::isDirectory)
                    .map(dir -> dir.getFileName().toString())
                    .filter(name -> !name.startsWith(".") || TRACKED_DOT_DIRECTORIES.contains(name))
                    .filter(name -> !NOT_SOURCES.contains(name))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with the links of {@code document}, one line each naming file and line; empty when none. */
    List<String> problems(MarkdownDocument document) {
        List<String> problems = new ArrayList<>();
        String name = root.relativize(document.file()).toString();
        for (int i = 0; i < document.prose().size(); i++) {
            String where = name + ":" + (i + 1) + ": ";
            String line = document.prose().get(i);
            markdownLinks(document, line).forEach(problem -> problems.add(where + problem));
            textProblems(line).forEach(problem -> problems.add(where + problem));
        }
        return problems;
    }

    /** What is wrong with the repository paths and section references in a text, such as an alert's description. */
    List<String> textProblems(String text) {
        List<String> problems = new ArrayList<>();
        Matcher path = PATH.matcher(text);
        while (path.find()) {
            String written = path.group(1).replaceAll("\\.+$", "");
            List<String> segments = Arrays.asList(written.split("/"));
            if ((segments.size() > 1 || written.endsWith("/")) && !topDirectories.contains(segments.getFirst())
                    || segments.stream().anyMatch(NOT_SOURCES::contains)
                    || written.matches(".*[*<>…].*")) {
                continue;
            }
            Optional<String> anchor = Optional.ofNullable(path.group(2)).map(a -> a.substring(1));
            Matcher section = SECTION.matcher(text.substring(path.end()));
            if (anchor.isEmpty() && section.find()) {
                anchor = Optional.of(MarkdownDocument.anchor(section.group(1)));
            }
            problem(root.resolve(written), written, anchor).ifPresent(problems::add);
        }
        return problems;
    }

    private List<String> markdownLinks(MarkdownDocument document, String line) {
        List<String> problems = new ArrayList<>();
        Matcher link = MARKDOWN_LINK.matcher(line);
        while (link.find()) {
            String target = link.group(1);
            if (SCHEME.matcher(target).matches()) {
                continue;
            }
            int hash = target.indexOf('#');
            String file = hash < 0 ? target : target.substring(0, hash);
            Optional<String> anchor = hash < 0 ? Optional.empty() : Optional.of(target.substring(hash + 1));
            Path resolved = file.isEmpty()
                    ? document.file()
                    : document.file().getParent().resolve(file).normalize();
            problem(resolved, target, anchor).ifPresent(problems::add);
        }
        return problems;
    }

    /** Why {@code file} (and the heading {@code anchor} names) cannot be found, written as {@code link}. */
    private Optional<String> problem(Path file, String link, Optional<String> anchor) {
        if (!Files.exists(file)) {
            return Optional.of(link + ": no such file");
        }
        if (anchor.isEmpty()) {
            return Optional.empty();
        }
        Optional<MarkdownDocument> target = document(file);
        if (target.isEmpty()) {
            return Optional.of(link + ": #" + anchor.get() + " in a file that is not Markdown");
        }
        return target.get().anchors().contains(anchor.get())
                ? Optional.empty()
                : Optional.of(link + ": no heading with the anchor #" + anchor.get() + " in " + root.relativize(file));
    }

    private Optional<MarkdownDocument> document(Path file) {
        return documents.computeIfAbsent(
                file.normalize(),
                path -> path.toString().endsWith(".md") ? Optional.of(MarkdownDocument.read(path)) : Optional.empty());
    }
}
