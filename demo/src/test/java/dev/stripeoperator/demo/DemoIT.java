package dev.stripeoperator.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.stripeoperator.localcluster.LocalCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code make demo} end to end (the packaged demo.jar in its own JVM), so the README's main command cannot rot unnoticed. */
class DemoIT {

    /** The outcome of one demo run. */
    private record Run(int exit, String output) {}

    @Test
    void everyStepOfTheDemoSeesWhatItExpectsOnTheRealNodeWhereThisMachineRunsOne(@TempDir Path work) throws Exception {
        Optional<String> noRealNode = LocalCluster.realNodeMissing(LocalCluster.repositoryRoot(Path.of("")));

        Run run = demo(work, Map.of());

        assertEveryStep(run);
        if (noRealNode.isEmpty()) {
            assertThat(run.output())
                    .contains("receivers: pods on the real node")
                    .containsPattern(
                            "pod/billing-stripe-receiver-\\S+ +1/1 +Running +0 +\\S+ +10\\.[0-9.]+ +local-real-node")
                    .containsPattern("the kubelet refreshed the Secret volume of pod billing-stripe-receiver-\\S+");
        } else {
            assertThat(run.output())
                    .contains("no real node on this machine")
                    .contains("receivers: a process beside the cluster");
        }
    }

    @Test
    void withoutTheRealNodeTheReceiverRunsBesideTheClusterAndEveryStepStillSeesWhatItExpects(@TempDir Path work)
            throws Exception {
        Run run = demo(work, Map.of(Demo.REAL_NODE_SETTING, "false"));

        assertEveryStep(run);
        assertThat(run.output())
                .contains("no real node on this machine (" + Demo.REAL_NODE_SETTING + "=false)")
                .contains("receivers: a process beside the cluster");
    }

    private static void assertEveryStep(Run run) {
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output())
                .contains(
                        "deployment.apps/billing-stripe-receiver",
                        "service/billing-stripe-receiver",
                        "cronjob.batch/billing-stripe-reconcile",
                        "secret/billing-signing")
                .containsPattern("pod/billing-stripe-receiver-[a-z0-9]+-[a-z0-9]+ +1/1 +Running")
                .containsPattern("billing +True +https://hooks.example.com/webhooks/stripe/payments/billing")
                .contains("\"duplicate\":true")
                .contains("forwarded to the sink")
                .contains("signed with the OLD secret")
                .containsPattern("managed: the operator registered Stripe endpoint we_[0-9a-f]+ for status.url")
                .contains("annotate swe billing webhooks.stripe-operator.dev/rotate-stripe-secret=demo-")
                .containsPattern("rotation on demand: Stripe endpoints we_[0-9a-f]+ and we_[0-9a-f]+ both delivered")
                .containsPattern("delivered by 2 Stripe endpoint\\(s\\), forwarded to the sink 1 time\\(s\\)")
                .containsPattern("the old Stripe endpoint we_[0-9a-f]+ is gone after the grace")
                .contains("every step saw what it expected")
                .doesNotContain("whsec_test_0123456789abcdefPlaceholderReplaceMe");
    }

    @Test
    void examplesWithoutAKustomizationFailWithTheReason(@TempDir Path work) throws Exception {
        Path empty = Files.createDirectories(work.resolve("no-examples"));

        Run run = demo(work, Map.of(), "--examples", empty.toString());

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("demo FAILED", "kustomization.yaml");
    }

    private static Run demo(Path work, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command =
                new ArrayList<>(List.of(java, "-Djava.io.tmpdir=" + work, "-jar", "demo/target/demo.jar"));
        command.addAll(List.of(args));
        Path log = work.resolve("demo.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(6, TimeUnit.MINUTES)) {
            // SIGTERM first: the demo stops its cluster (and real node) on the way out.
            process.destroy();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            throw new AssertionError("the demo did not finish within 6 minutes:\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
