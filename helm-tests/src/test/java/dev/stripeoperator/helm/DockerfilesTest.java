package dev.stripeoperator.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Dockerfiles cannot be built here (no Docker engine), so their contract is read from the files:
 * a non-root numeric user, the packaged jar as entrypoint, and build inputs the .dockerignore lets through.
 */
class DockerfilesTest {

    private static final Pattern INSTRUCTION = Pattern.compile("^(FROM|COPY|USER|ENTRYPOINT|CMD|ENV)\\s+(.*)$");

    private final Repository repository = Repository.current();

    @ParameterizedTest
    @CsvSource({"receiver, '[\"serve\"]'", "operator, ''"})
    void runsThePackagedJarAsANonRootUser(String module, String command) throws IOException {
        List<String> lines =
                Files.readAllLines(repository.root().resolve(module).resolve("Dockerfile"));

        assertThat(instruction(lines, "FROM"))
                .singleElement()
                .asString()
                .matches("eclipse-temurin:(2[1-9]|[3-9][0-9])-jre.*");
        assertThat(instruction(lines, "USER")).singleElement().asString().matches("[1-9][0-9]*:[1-9][0-9]*");
        assertThat(instruction(lines, "ENTRYPOINT"))
                .containsExactly("[\"java\", \"-jar\", \"/app/" + module + ".jar\"]");
        assertThat(instruction(lines, "CMD"))
                .containsExactlyElementsOf(command.isEmpty() ? List.of() : List.of(command));
        assertThat(instruction(lines, "COPY"))
                .containsExactlyInAnyOrder(
                        module + "/target/libs/ /app/libs/",
                        module + "/target/" + module + ".jar /app/" + module + ".jar");
    }

    @ParameterizedTest
    @CsvSource({"receiver", "operator"})
    void theJvmExitsOnOutOfMemorySoKubernetesRestartsIt(String module) throws IOException {
        List<String> lines =
                Files.readAllLines(repository.root().resolve(module).resolve("Dockerfile"));

        assertThat(instruction(lines, "ENV"))
                .singleElement()
                .asString()
                .startsWith("JAVA_TOOL_OPTIONS=")
                .contains("-XX:+ExitOnOutOfMemoryError");
    }

    @ParameterizedTest
    @CsvSource({"receiver", "operator"})
    void theDockerignoreLetsThroughExactlyWhatTheDockerfileCopies(String module) throws IOException {
        List<String> ignore = Files.readAllLines(repository.root().resolve(".dockerignore")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList();
        List<String> copied =
                instruction(Files.readAllLines(repository.root().resolve(module).resolve("Dockerfile")), "COPY")
                        .stream()
                        .map(copy -> copy.split("\\s+")[0])
                        .toList();

        assertThat(ignore.get(0)).as("everything else is left out").isEqualTo("*");
        assertThat(ignore)
                .containsAll(copied.stream().map(source -> "!" + source).toList());
    }

    @ParameterizedTest
    @CsvSource({"receiver", "operator"})
    void copiesWhatTheModulesPomPackages(String module) throws IOException {
        Path pom = repository.root().resolve(module).resolve("pom.xml");
        assumeTrue(Files.exists(pom), module + " is not on this branch yet");

        String build = Files.readString(pom);

        assertThat(build).as("%s packages %s.jar", pom, module).contains("<finalName>" + module + "</finalName>");
        assertThat(build)
                .as("%s copies its libraries to target/libs", pom)
                .contains("<outputDirectory>${project.build.directory}/libs</outputDirectory>");
    }

    private static List<String> instruction(List<String> lines, String name) {
        return lines.stream()
                .map(INSTRUCTION::matcher)
                .filter(Matcher::matches)
                .filter(matcher -> matcher.group(1).equals(name))
                .map(matcher -> matcher.group(2).trim())
                .toList();
    }
}
