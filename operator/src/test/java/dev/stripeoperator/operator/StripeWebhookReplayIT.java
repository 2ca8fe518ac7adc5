package dev.stripeoperator.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.contract.BackfillOutcome;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReplaySummary;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.ReceiverPod;
import dev.stripeoperator.operator.endpoint.ReceiverSpec;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.replay.ReplaySelector;
import dev.stripeoperator.operator.replay.ReplaySpec;
import dev.stripeoperator.operator.replay.ReplayStatus;
import dev.stripeoperator.operator.replay.StripeWebhookReplay;
import dev.stripeoperator.operator.replay.TimeWindow;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * StripeWebhookReplays on the local control plane, the operator in this JVM: the Job each runs once, built like the
 * endpoint's own pods and admitted under the restricted Pod Security level; its status from the Job's pod, whose end
 * is simulated as the kubelet leaves it (kwok runs no container); a replay waiting for its endpoint; a spec that the
 * API server keeps immutable and refuses when inconsistent; and the endpoint showing the running replay.
 */
class StripeWebhookReplayIT {

    @RegisterExtension
    static final RunningOperator OPERATOR = new RunningOperator("replays", 7, Instant.parse("2026-12-06T10:00:00Z"));

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration GARBAGE_COLLECTION = Duration.ofSeconds(90);
    /** A node label no node has: the Job's pod stays unscheduled, so that no kwok node runs and ends it. */
    private static final Map<String, String> NOWHERE = Map.of("replay-it/pool", "none");

    @Test
    void aReplayRunsOnceAsAJobBuiltLikeTheEndpointsOwnPods() {
        String ns = OPERATOR.namespace();
        createEndpoint(ns, "billing", NOWHERE);

        StripeWebhookReplay replay = create(
                ns,
                "after-inc-42",
                new ReplaySpec(
                        "billing",
                        ReplaySpec.REPLAY,
                        new ReplaySelector(
                                "failed",
                                List.of("invoice.*", "charge.refunded"),
                                new TimeWindow("2026-11-23T00:00:00Z", null),
                                new TimeWindow(null, "2026-12-06T09:00:00Z"),
                                null),
                        "sink fixed after INC-42",
                        null));
        Job job = awaitJob(ns, "after-inc-42");

        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("StripeWebhookReplay");
            assertThat(owner.getName()).isEqualTo("after-inc-42");
            assertThat(owner.getUid()).isEqualTo(replay.getMetadata().getUid());
        });
        assertThat(job.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/instance", "billing")
                .containsEntry("app.kubernetes.io/component", "replay")
                .containsEntry("app.kubernetes.io/managed-by", "stripe-webhook-operator")
                .containsEntry("webhooks.stripe-operator.dev/replay", "after-inc-42");
        assertThat(job.getSpec().getBackoffLimit())
                .as("one pod: a failed run is a person's to look at")
                .isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getNodeSelector()).as("the endpoint's pod settings").isEqualTo(NOWHERE);
        assertThat(pod.getImagePullSecrets()).extracting("name").containsExactly("regcred");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("team", "payments")
                .containsEntry("webhooks.stripe-operator.dev/replay", "after-inc-42");
        assertThat(pod.getVolumes()).extracting("name").containsExactly("tmp");
        Container container = pod.getContainers().getFirst();
        assertThat(container.getImage())
                .as("the endpoint's receiver image")
                .isEqualTo("registry.example.com/receiver:1.2.3");
        assertThat(container.getCommand()).isEmpty();
        assertThat(container.getArgs())
                .containsExactly(
                        "replay",
                        "--status",
                        "failed",
                        "--type",
                        "invoice.*",
                        "--type",
                        "charge.refunded",
                        "--until",
                        "2026-12-06T09:00:00Z",
                        "--created-since",
                        "2026-11-23T00:00:00Z",
                        "--by",
                        "StripeWebhookReplay " + ns + "/after-inc-42 (uid "
                                + replay.getMetadata().getUid() + ")",
                        "--reason",
                        "sink fixed after INC-42");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getTerminationMessagePolicy())
                .as("File, the default: the summary file")
                .isIn(null, "File");
        Map<String, String> env = EndpointReads.envValues(container);
        assertThat(env)
                .containsEntry("ENDPOINT_NAME", ns + "/billing")
                .containsEntry("DATABASE_POOL_SIZE", "2")
                .containsEntry("LIVEMODE", "true")
                .containsEntry("ENABLED_EVENTS", "checkout.session.completed,invoice.*")
                .containsEntry("HTTPS_PROXY", "http://proxy.internal:3128")
                .doesNotContainKeys("SINK_URL", "STRIPE_API_KEY_FILE", "SIGNING_SECRETS_DIR");
        EnvVar databaseUrl = container.getEnv().stream()
                .filter(e -> e.getName().equals("DATABASE_URL"))
                .findFirst()
                .orElseThrow();
        assertThat(databaseUrl.getValue())
                .as("from the endpoint's Secret, never copied")
                .isNull();
        assertThat(databaseUrl.getValueFrom().getSecretKeyRef())
                .extracting("name", "key")
                .containsExactly("stripe-events-db", "jdbc-url");
        // The Job controller made its pod: admitted under the namespace's restricted Pod Security level.
        Pod jobPod = await().atMost(WAIT)
                .until(() -> jobPods(ns, "after-inc-42").stream().findFirst().orElse(null), p -> p != null);
        assertThat(jobPod.getMetadata().getOwnerReferences())
                .extracting(OwnerReference::getKind)
                .containsExactly("Job");
        await().atMost(WAIT).untilAsserted(() -> {
            ReplayStatus status = status(ns, "after-inc-42");
            assertThat(status.phase()).isEqualTo("Pending");
            assertThat(status.job()).isEqualTo("after-inc-42-stripe-replay");
            assertThat(status.message()).contains("is not scheduled: Unschedulable");
            assertThat(status.condition("EndpointFound").orElseThrow().getStatus())
                    .isEqualTo("True");
        });
        await().atMost(WAIT).untilAsserted(() -> {
            EndpointCondition running = replayRunning(ns, "billing");
            assertThat(running.getStatus()).isEqualTo("True");
            assertThat(running.getMessage())
                    .matches("StripeWebhookReplay after-inc-42 \\(replay, Job after-inc-42-stripe-replay\\) runs since"
                            + " \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ; its result is in its status");
        });

        finishRun(
                ns,
                "after-inc-42",
                0,
                new ReplaySummary(
                                Instant.parse("2026-12-06T10:16:02Z"),
                                ReceiverCommand.REPLAY,
                                12L,
                                10L,
                                2L,
                                0L,
                                BackfillOutcome.SUCCEEDED,
                                "replayed 10 event(s) of endpoint " + ns + "/billing; 12 matched, 2 skipped",
                                false)
                        .toJson());

        ReplayStatus ended = awaitPhase(ns, "after-inc-42", "Succeeded");
        assertThat(List.of(ended.matched(), ended.replayed(), ended.skipped(), ended.failed()))
                .containsExactly(12L, 10L, 2L, 0L);
        assertThat(ended.discarded()).isNull();
        assertThat(ended.completionTime()).isEqualTo("2026-12-06T10:16:02Z");
        String table = OPERATOR.environment().cluster.kubectl("-n", ns, "get", "stripewebhookreplays");
        assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly(
                        "NAME",
                        "ENDPOINT",
                        "ACTION",
                        "DRY-RUN",
                        "PHASE",
                        "MATCHED",
                        "REPLAYED",
                        "DISCARDED",
                        "FAILED",
                        "AGE");
        // kubectl leaves the columns of unset fields (dryRun, discarded) blank.
        assertThat(table).containsPattern("after-inc-42 +billing +replay +Succeeded +12 +10 +0 +\\d+s");
        assertThat(OPERATOR.client()
                        .resources(StripeWebhookReplay.class)
                        .inNamespace(ns)
                        .withField("spec.endpoint", "billing")
                        .list()
                        .getItems())
                .as("selectable by endpoint")
                .extracting(r -> r.getMetadata().getName())
                .containsExactly("after-inc-42");
        assertThat(OPERATOR.client()
                        .resources(StripeWebhookReplay.class)
                        .inNamespace(ns)
                        .withField("spec.endpoint", "shop")
                        .list()
                        .getItems())
                .isEmpty();
        assertThat(OPERATOR.environment().cluster.kubectl("get", "stripe", "-n", ns))
                .as("the category lists replays, named with their kind when endpoints are listed beside them")
                .containsPattern(
                        "(stripewebhookreplay\\.webhooks\\.stripe-operator\\.dev/)?after-inc-42 +billing +replay ");

        // Deleting the replay takes its Job with it; the endpoint then shows no replay running. The garbage collector
        // learns the kind of a CRD applied at this class's start from discovery, which it reads every 30 s.
        OPERATOR.client().resource(replay).delete();
        await().atMost(GARBAGE_COLLECTION).until(() -> job(ns, "after-inc-42") == null);
        await().atMost(WAIT)
                .until(() -> "False".equals(replayRunning(ns, "billing").getStatus()));
    }

    @Test
    void aDiscardDryRunPassesItsOptionsAndReportsWhatItWouldDiscard() {
        String ns = OPERATOR.namespace();
        createEndpoint(ns, "billing", NOWHERE);

        create(
                ns,
                "drop-test-events",
                new ReplaySpec(
                        "billing",
                        ReplaySpec.DISCARD,
                        new ReplaySelector(null, null, null, null, List.of("evt_1", "evt_2")),
                        null,
                        true));
        Job job = awaitJob(ns, "drop-test-events");

        assertThat(job.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getArgs())
                .containsExactly(
                        "discard",
                        "--id",
                        "evt_1",
                        "--id",
                        "evt_2",
                        "--by",
                        "StripeWebhookReplay " + ns + "/drop-test-events (uid "
                                + OPERATOR.client()
                                        .resources(StripeWebhookReplay.class)
                                        .inNamespace(ns)
                                        .withName("drop-test-events")
                                        .get()
                                        .getMetadata()
                                        .getUid()
                                + ")",
                        "--dry-run");
        finishRun(
                ns,
                "drop-test-events",
                0,
                new ReplaySummary(
                                Instant.parse("2026-12-06T10:16:02Z"),
                                ReceiverCommand.DISCARD,
                                2L,
                                1L,
                                1L,
                                0L,
                                BackfillOutcome.SUCCEEDED,
                                "would discard 1 event(s); 2 matched, 1 skipped; dry run, nothing was changed",
                                true)
                        .toJson());

        ReplayStatus status = awaitPhase(ns, "drop-test-events", "Succeeded");
        assertThat(List.of(status.matched(), status.discarded(), status.skipped()))
                .containsExactly(2L, 1L, 1L);
        assertThat(status.replayed()).isNull();
        assertThat(status.message()).endsWith("dry run, nothing was changed");
    }

    @Test
    void aReplayOfAMissingEndpointWaitsWithAClearConditionAndRunsWhenTheEndpointComes() {
        String ns = OPERATOR.namespace();

        create(ns, "early", new ReplaySpec("billing", ReplaySpec.REPLAY, null, null, null));

        await().atMost(WAIT).untilAsserted(() -> {
            ReplayStatus status = status(ns, "early");
            assertThat(status.phase()).isEqualTo("Pending");
            assertThat(status.message()).isEqualTo("waiting for StripeWebhookEndpoint billing");
            assertThat(status.condition("EndpointFound").orElseThrow())
                    .extracting(
                            EndpointCondition::getStatus, EndpointCondition::getReason, EndpointCondition::getMessage)
                    .containsExactly(
                            "False",
                            "EndpointNotFound",
                            "there is no StripeWebhookEndpoint billing in namespace " + ns
                                    + ": the replay waits for it");
        });
        assertThat(job(ns, "early")).isNull();

        createEndpoint(ns, "billing", NOWHERE);

        Job job = awaitJob(ns, "early");
        assertThat(job.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getArgs())
                .as("the dead letters, by default")
                .startsWith("replay", "--status", "dead", "--by");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(status(ns, "early")
                                .condition("EndpointFound")
                                .orElseThrow()
                                .getStatus())
                        .isEqualTo("True"));
    }

    @Test
    void theSpecIsImmutableAndTheRunIsNeverRepeatedEvenWhenItsJobIsGone() {
        String ns = OPERATOR.namespace();
        createEndpoint(ns, "billing", NOWHERE);
        StripeWebhookReplay replay = create(ns, "once", new ReplaySpec("billing", ReplaySpec.REPLAY, null, null, null));
        Job first = awaitJob(ns, "once");

        assertThatThrownBy(() -> Fixtures.modify(
                        OPERATOR.client(),
                        StripeWebhookReplay.class,
                        ns,
                        "once",
                        r -> r.setSpec(new ReplaySpec("billing", ReplaySpec.DISCARD, null, "changed my mind", null)),
                        false))
                .rootCause()
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec is immutable");
        Fixtures.modify(
                OPERATOR.client(),
                StripeWebhookReplay.class,
                ns,
                "once",
                r -> r.getMetadata().setLabels(Map.of("ticket", "inc-42")),
                false);

        OPERATOR.client()
                .resource(first)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();

        ReplayStatus gone = awaitPhase(ns, "once", "Failed");
        assertThat(gone.message()).contains("is gone", "create another StripeWebhookReplay");
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> job(ns, "once") == null);
        assertThat(OPERATOR.client().resource(replay).get().getSpec().action()).isEqualTo("replay");
    }

    @Test
    void aPodThatEndsWithoutASummaryStillEndsTheReplayWithItsExitCode() {
        String ns = OPERATOR.namespace();
        createEndpoint(ns, "billing", NOWHERE);
        create(ns, "killed", new ReplaySpec("billing", ReplaySpec.REPLAY, null, null, null));
        awaitJob(ns, "killed");

        finishRun(ns, "killed", 137, "java.lang.OutOfMemoryError: Java heap space\n\tat …");

        ReplayStatus status = awaitPhase(ns, "killed", "Failed");
        assertThat(status.message())
                .isEqualTo("Failed: exit code 137 (Error) without a summary; kubectl logs job/killed-stripe-replay");
        assertThat(status.matched()).isNull();
    }

    @Test
    void inconsistentSpecsAreRefusedWithTheReason() {
        String ns = OPERATOR.namespace();

        assertRefused(
                ns,
                "no-reason",
                new ReplaySpec("billing", ReplaySpec.DISCARD, null, null, null),
                "action discard needs a reason");
        assertRefused(
                ns,
                "bad-status",
                new ReplaySpec(
                        "billing",
                        ReplaySpec.DISCARD,
                        new ReplaySelector("delivered", null, null, null, null),
                        "x",
                        null),
                "selector.status must be one of");
        assertRefused(
                ns,
                "ids-and-types",
                new ReplaySpec(
                        "billing",
                        ReplaySpec.REPLAY,
                        new ReplaySelector(null, List.of("invoice.*"), null, null, List.of("evt_1")),
                        null,
                        null),
                "ids name the events");
        assertRefused(
                ns,
                "backwards",
                new ReplaySpec(
                        "billing",
                        ReplaySpec.REPLAY,
                        new ReplaySelector(
                                null, null, new TimeWindow("2026-12-06T00:00:00Z", "2026-12-05T00:00:00Z"), null, null),
                        null,
                        null),
                "until must be later than since");
        assertRefused(
                ns,
                "a".repeat(50),
                new ReplaySpec("billing", ReplaySpec.REPLAY, null, null, null),
                "must be at most 49 characters");
        assertRefused(ns, "bad-action", new ReplaySpec("billing", "delete", null, null, null), "spec.action");
        assertRefused(
                ns,
                "two-lines",
                new ReplaySpec("billing", ReplaySpec.DISCARD, null, "first line\nsecond line", null),
                "spec.reason");
    }

    private static void assertRefused(String ns, String name, ReplaySpec spec, String reason) {
        assertThatThrownBy(() -> create(ns, name, spec))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining(reason)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422));
    }

    /** An endpoint of the fixtures, with its own receiver image and pod settings. */
    private static void createEndpoint(String ns, String name, Map<String, String> nodeSelector) {
        KubernetesClient client = OPERATOR.client();
        Fixtures.userSecrets(ns, name, Fixtures.WHSEC)
                .forEach(s -> client.resource(s).createOr(r -> r.update()));
        StripeWebhookEndpointSpec spec = Fixtures.spec(name);
        EnvVar proxy = new EnvVarBuilder()
                .withName("HTTPS_PROXY")
                .withValue("http://proxy.internal:3128")
                .build();
        client.resource(Fixtures.endpoint(
                        ns,
                        name,
                        Specs.withReceiver(
                                spec,
                                new ReceiverSpec(
                                        1,
                                        "registry.example.com/receiver:1.2.3",
                                        null,
                                        null,
                                        null,
                                        null,
                                        new ReceiverPod(
                                                List.of(new LocalObjectReference("regcred")),
                                                nodeSelector,
                                                null,
                                                null,
                                                null,
                                                null,
                                                null,
                                                Map.of("team", "payments"),
                                                List.of(proxy),
                                                null,
                                                null,
                                                null),
                                        null))))
                .create();
    }

    private static StripeWebhookReplay create(String ns, String name, ReplaySpec spec) {
        StripeWebhookReplay replay = new StripeWebhookReplay();
        replay.setMetadata(
                new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
        replay.setSpec(spec);
        return OPERATOR.client().resource(replay).create();
    }

    private static Job job(String ns, String replay) {
        return OPERATOR.client()
                .batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withName(replay + "-stripe-replay")
                .get();
    }

    private static Job awaitJob(String ns, String replay) {
        return await().atMost(WAIT).until(() -> job(ns, replay), j -> j != null);
    }

    private static List<Pod> jobPods(String ns, String replay) {
        return OPERATOR.client()
                .pods()
                .inNamespace(ns)
                .withLabel("job-name", replay + "-stripe-replay")
                .list()
                .getItems();
    }

    private static ReplayStatus status(String ns, String name) {
        StripeWebhookReplay replay = OPERATOR.client()
                .resources(StripeWebhookReplay.class)
                .inNamespace(ns)
                .withName(name)
                .get();
        assertThat(replay.getStatus()).as("status of %s/%s", ns, name).isNotNull();
        return replay.getStatus();
    }

    private static ReplayStatus awaitPhase(String ns, String name, String phase) {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(status(ns, name).phase()).isEqualTo(phase));
        return status(ns, name);
    }

    private static EndpointCondition replayRunning(String ns, String endpoint) {
        return OPERATOR.reads()
                .endpoint(ns, endpoint)
                .getStatus()
                .condition("ReplayRunning")
                .orElseThrow();
    }

    /** The replay Job's run, ended with this exit code and termination message. */
    private static void finishRun(String ns, String replay, int exitCode, String message) {
        Job job = job(ns, replay);
        EndedPods.create(
                OPERATOR.client(),
                ns,
                job.getMetadata().getName() + "-ended",
                job.getMetadata().getName(),
                job.getSpec().getTemplate(),
                exitCode,
                message,
                "2026-12-06T10:16:03Z");
    }
}
