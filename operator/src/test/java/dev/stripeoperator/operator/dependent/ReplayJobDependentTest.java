package dev.stripeoperator.operator.dependent;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.inputs.ReplayInputs;
import dev.stripeoperator.operator.replay.ReplaySelector;
import dev.stripeoperator.operator.replay.ReplaySpec;
import dev.stripeoperator.operator.replay.StripeWebhookReplay;
import dev.stripeoperator.operator.replay.TimeWindow;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A replay's Job, and the command line it gives the receiver, from the replay's spec and its endpoint. */
class ReplayJobDependentTest {

    @Test
    void withoutASelectorTheDeadLettersAreReplayedByTheReplayThatAsked() {
        assertThat(ReplayJobDependent.arguments(
                        replay(new ReplaySpec("billing", ReplaySpec.REPLAY, null, null, false))))
                .containsExactly("--status", "dead", "--by", "StripeWebhookReplay payments/r1 (uid 1234)");
    }

    @Test
    void everySelectorAndOptionBecomesTheReceiversOption() {
        ReplaySpec spec = new ReplaySpec(
                "billing",
                ReplaySpec.DISCARD,
                new ReplaySelector(
                        "pending",
                        List.of("invoice.*"),
                        new TimeWindow("2026-11-01T00:00:00Z", "2026-11-02T00:00:00+01:00"),
                        new TimeWindow("2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z"),
                        null),
                "store-only endpoint, nobody reads these",
                true);

        assertThat(ReplayJobDependent.arguments(replay(spec)))
                .containsExactly(
                        "--status",
                        "pending",
                        "--type",
                        "invoice.*",
                        "--since",
                        "2026-11-03T00:00:00Z",
                        "--until",
                        "2026-11-04T00:00:00Z",
                        "--created-since",
                        "2026-11-01T00:00:00Z",
                        "--created-until",
                        "2026-11-02T00:00:00+01:00",
                        "--by",
                        "StripeWebhookReplay payments/r1 (uid 1234)",
                        "--reason",
                        "store-only endpoint, nobody reads these",
                        "--dry-run");
    }

    @Test
    void idsAreNamedWithoutAStatus() {
        ReplaySpec spec = new ReplaySpec(
                "billing",
                ReplaySpec.REPLAY,
                new ReplaySelector(null, null, null, null, List.of("evt_1", "evt_2")),
                null,
                null);

        assertThat(ReplayJobDependent.arguments(replay(spec))).startsWith("--id", "evt_1", "--id", "evt_2", "--by");
    }

    @Test
    void theJobRunsTheActionOnceOnTheEndpointsDatabaseLabelledWithTheReplay() {
        // given
        StripeWebhookReplay replay = replay(new ReplaySpec("billing", ReplaySpec.DISCARD, null, null, false));
        ReplayInputs inputs = new ReplayInputs(
                Instant.parse("2026-11-23T10:00:00Z"),
                OperatorConfig.fromEnvironment(Map.of(), "test"),
                Optional.of(Fixtures.endpoint("payments", "billing")));

        // when
        Job job = ReplayJobDependent.desired(replay, inputs);

        // then
        Map<String, String> labels = new HashMap<>(BillingChildren.labels("replay"));
        labels.put("webhooks.stripe-operator.dev/replay", "r1");
        assertThat(job.getMetadata().getName()).isEqualTo("r1-stripe-replay");
        assertThat(job.getMetadata().getNamespace()).isEqualTo("payments");
        assertThat(job.getMetadata().getLabels()).isEqualTo(labels);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(labels);
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .isFalse();
        Container container =
                job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getName()).isEqualTo("discard");
        assertThat(container.getArgs()).startsWith("discard", "--status", "dead");
        assertThat(EnvValues.of(container.getEnv()))
                .containsEntry("ENDPOINT_NAME", "payments/billing")
                .containsEntry("DATABASE_POOL_SIZE", "2");
        assertThat(container.getEnv()).anySatisfy(variable -> {
            assertThat(variable.getName()).isEqualTo("DATABASE_URL");
            assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("stripe-events-db");
        });
    }

    private static StripeWebhookReplay replay(ReplaySpec spec) {
        StripeWebhookReplay replay = new StripeWebhookReplay();
        replay.setMetadata(new ObjectMetaBuilder()
                .withNamespace("payments")
                .withName("r1")
                .withUid("1234")
                .build());
        replay.setSpec(spec);
        return replay;
    }
}
