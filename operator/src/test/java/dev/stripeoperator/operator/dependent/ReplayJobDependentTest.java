package dev.stripeoperator.operator.dependent;

import java.util.List;

import dev.stripeoperator.operator.replay.ReplaySelector;
import dev.stripeoperator.operator.replay.ReplaySpec;
import dev.stripeoperator.operator.replay.StripeWebhookReplay;
import dev.stripeoperator.operator.replay.TimeWindow;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line a replay's Job gives the receiver, from the replay's spec. */
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
