package dev.stripeoperator.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every link in README.md, docs/*.md and the examples' Markdown leads to a file of the repository and, where it names
 * one, to a heading of that file (GitHub's anchors); the alerts' runbook links are followed by PrometheusRulesIT.
 */
class DocumentationLinksTest {

    private static final Repository REPOSITORY = Repository.current();

    @Test
    void everyLinkOfTheDocsLeadsToAFileAndItsHeading() throws IOException {
        DocumentLinks links = new DocumentLinks(REPOSITORY.root());
        List<Path> documents = documents();

        assertThat(documents)
                .extracting(path -> REPOSITORY.root().relativize(path).toString())
                .contains("README.md", "docs/monitoring.md", "docs/forwarding.md", "examples/ROTATION.md");
        assertThat(documents.stream().flatMap(doc -> links.problems(MarkdownDocument.read(doc)).stream()))
                .isEmpty();
    }

    @Test
    void anchorsAreGitHubs() {
        assertThat(MarkdownDocument.anchor("Replay inside the cluster")).isEqualTo("replay-inside-the-cluster");
        assertThat(MarkdownDocument.anchor("Managed Stripe endpoints (`spec.stripe.manage: true`)"))
                .isEqualTo("managed-stripe-endpoints-specstripemanage-true");
        assertThat(MarkdownDocument.anchor("When recovered is greater than 0"))
                .isEqualTo("when-recovered-is-greater-than-0");
        assertThat(MarkdownDocument.anchor("StripeWebhookDeadLettersRising"))
                .isEqualTo("stripewebhookdeadlettersrising");
        assertThat(MarkdownDocument.anchor("Receiver core (`serve`): taking Stripe's deliveries"))
                .isEqualTo("receiver-core-serve-taking-stripes-deliveries");
        assertThat(MarkdownDocument.anchor("See [the glossary](glossary.md) first"))
                .isEqualTo("see-the-glossary-first");
    }

    @Test
    void headingsInCodeBlocksAreNoneAndARepeatedHeadingGetsANumber(@TempDir Path dir) throws IOException {
        Path doc = Files.writeString(dir.resolve("doc.md"), """
                # Title
                ## Settings
                ```sh
                # not a heading
                ```
                ### Settings
                """);

        assertThat(MarkdownDocument.read(doc).anchors()).containsExactlyInAnyOrder("title", "settings", "settings-1");
    }

    @Test
    void theCheckFindsMissingFilesAndHeadingsInEveryFormOfLink(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/forwarding.md"), "# Forwarding\n## Replay\n");
        Files.writeString(root.resolve("UPGRADING.md"), "# Upgrading\n");
        Path doc = Files.writeString(root.resolve("docs/monitoring.md"), """
                # Monitoring
                ## Replay inside the cluster
                Fine: [replay](#replay-inside-the-cluster), [it](forwarding.md#replay), `docs/forwarding.md`, "Replay",
                `UPGRADING.md`, https://example.com/docs/nothing.md, `receiver/target/receiver.jar`, `dist/<v>.tar`.
                Broken: [a](#nowhere), [b](delivery.md), [c](forwarding.md#retention), `docs/reconcile.md`,
                `docs/forwarding.md`, "Retention", see docs/backfile.md, `UPGRADING.md`, "Version notes".
                ```sh
                cat docs/in-a-code-block.md
                ```
                """);

        List<String> problems = new DocumentLinks(root).problems(MarkdownDocument.read(doc));

        assertThat(problems)
                .containsExactly(
                        "docs/monitoring.md:5: #nowhere: no heading with the anchor #nowhere in docs/monitoring.md",
                        "docs/monitoring.md:5: delivery.md: no such file",
                        "docs/monitoring.md:5: forwarding.md#retention: no heading with the anchor #retention in"
                                + " docs/forwarding.md",
                        "docs/monitoring.md:5: docs/reconcile.md: no such file",
                        "docs/monitoring.md:6: docs/forwarding.md: no heading with the anchor #retention in"
                                + " docs/forwarding.md",
                        "docs/monitoring.md:6: docs/backfile.md: no such file",
                        "docs/monitoring.md:6: UPGRADING.md: no heading with the anchor #version-notes in UPGRADING.md");
    }

    private static List<Path> documents() throws IOException {
        Path root = REPOSITORY.root();
        try (Stream<Path> docs = Files.list(root.resolve("docs"));
                Stream<Path> examples = Files.walk(REPOSITORY.examples())) {
            return Stream.of(
                            Stream.of(root.resolve("README.md")),
                            docs.filter(path -> path.toString().endsWith(".md")),
                            examples.filter(path -> path.toString().endsWith(".md")))
                    .flatMap(s -> s)
                    .sorted()
                    .toList();
        }
    }
}
