package dev.stripeoperator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code make demo} end to end, so that the README's main command cannot rot unnoticed. */
class DemoIT {

    private static final Path CRD = Path.of("crds/stripewebhookendpoints.webhooks.stripe-operator.dev-v1.yml");

    @Test
    void everyStepOfTheDemoSeesWhatItExpects(@TempDir Path work) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int exit = new Demo(new PrintStream(output, true, StandardCharsets.UTF_8), Path.of("examples"), CRD, work).run();

        String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        assertThat(printed)
                .contains("deployment/billing-stripe-receiver", "service/billing-stripe-receiver",
                        "cronjob/billing-stripe-reconcile", "secret/billing-signing")
                .contains("\"duplicate\":true")
                .contains("signed with the OLD secret")
                .contains("every step saw what it expected")
                .doesNotContain("whsec_test_0123456789abcdefPlaceholderReplaceMe");
    }

    @Test
    void aMissingExamplesDirectoryFailsWithTheReason(@TempDir Path work) throws Exception {
        Path empty = Files.createDirectories(work.resolve("no-examples"));
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int exit = new Demo(new PrintStream(output, true, StandardCharsets.UTF_8), empty, CRD, work).run();

        assertThat(exit).isEqualTo(1);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("demo FAILED", "kustomization.yaml");
    }
}
