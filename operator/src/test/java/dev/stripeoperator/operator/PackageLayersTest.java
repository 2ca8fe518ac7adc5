package dev.stripeoperator.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator's packages stand on each other in one order, read from the import lines of its sources. */
class PackageLayersTest {

    /**
     * Lowest first: the resource model with its condition vocabulary, the replay resource, the operator's settings, the
     * referenced Secrets, Stripe, exposure claims, a reconcile's inputs, status, dependents, events; the root package
     * with the reconcilers stands on all of them.
     */
    private static final List<String> LAYERS = List.of(
            "endpoint",
            "replay",
            "config",
            "secrets",
            "stripe",
            "exposure",
            "inputs",
            "status",
            "dependent",
            "events",
            "");

    private static final String ROOT = "dev.stripeoperator.operator";
    private static final Path SOURCES = Path.of("src/main/java/dev/stripeoperator/operator");
    private static final Pattern PACKAGE =
            Pattern.compile("^package " + Pattern.quote(ROOT) + "\\.?(\\w*);", Pattern.MULTILINE);
    // Imports and fully qualified names alike: the first segment after the root is a package, or a class of the root.
    private static final Pattern REFERENCE = Pattern.compile(Pattern.quote(ROOT) + "\\.(\\w+)");

    @Test
    void noPackageReferencesOneThatStandsAboveIt() {
        // given
        List<Path> sources = sources();

        // when
        List<String> upward = sources.stream()
                .flatMap(source -> upwardReferences(source.toString(), read(source)))
                .toList();

        // then
        assertThat(sources).hasSizeGreaterThan(50);
        assertThat(upward).isEmpty();
    }

    @Test
    void everyPackageHasItsPlaceInTheOrder() {
        // given
        List<Path> sources = sources();

        // when
        List<String> packages = sources.stream()
                .map(source -> packageOf(read(source)))
                .distinct()
                .toList();

        // then
        assertThat(LAYERS).containsAll(packages);
    }

    @Test
    void aLowerPackageImportingAHigherOneIsFound() {
        // given
        String source = """
                package dev.stripeoperator.operator.secrets;

                import dev.stripeoperator.operator.endpoint.SecretKeyRef;
                import dev.stripeoperator.operator.status.Conditions;
                import dev.stripeoperator.operator.OperatorMain;
                """;

        // when
        List<String> upward = upwardReferences("Example.java", source).toList();

        // then
        assertThat(upward).containsExactly("Example.java: secrets -> status", "Example.java: secrets -> (root)");
    }

    private static Stream<String> upwardReferences(String name, String source) {
        String from = packageOf(source);
        int rank = LAYERS.indexOf(from);
        Matcher reference = REFERENCE.matcher(source.substring(source.indexOf(';') + 1));
        return reference
                .results()
                .map(match -> Character.isUpperCase(match.group(1).charAt(0)) ? "" : match.group(1))
                .filter(to -> LAYERS.indexOf(to) > rank)
                .distinct()
                .map(to -> name + ": " + from + " -> " + (to.isEmpty() ? "(root)" : to));
    }

    private static String packageOf(String source) {
        Matcher declaration = PACKAGE.matcher(source);
        assertThat(declaration.find()).as("package declaration").isTrue();
        return declaration.group(1);
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
