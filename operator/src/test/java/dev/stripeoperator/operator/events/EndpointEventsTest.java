package dev.stripeoperator.operator.events;

import java.util.ArrayList;
import java.util.List;

import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.LastReconciliation;
import dev.stripeoperator.operator.endpoint.SigningSecretsStatus;
import dev.stripeoperator.operator.endpoint.StripeEndpointStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Events a change of status calls for: one per change, none while the state stays. */
class EndpointEventsTest {

    private static final String T = "2026-11-23T10:00:00Z";
    private static final SigningSecretsStatus ONE_SECRET = new SigningSecretsStatus("sha256:11111111", null, null);
    private static final SigningSecretsStatus ROTATING =
            new SigningSecretsStatus("sha256:22222222", "sha256:11111111", "2026-11-24T10:00:00Z");
    private static final EndpointCondition SECRETS_FOUND = new EndpointCondition(
            "SecretsReady", "True", "SecretsFound", "every referenced Secret key has a value", T, 1L);
    private static final EndpointCondition KEY_MISSING = new EndpointCondition(
            "SecretsReady", "False", "SecretKeyNotFound", "Secret payments/billing-whsec has no key whsec", T, 1L);

    private static StripeWebhookEndpointStatus status(
            SigningSecretsStatus secrets, LastReconciliation run, EndpointCondition... conditions) {
        return new StripeWebhookEndpointStatus(1L, null, new ArrayList<>(List.of(conditions)), secrets, null, run);
    }

    private static LastReconciliation run(String time, Long recovered, String outcome) {
        return new LastReconciliation(time, 10L, recovered, recovered, outcome, 0L, 0L, null);
    }

    @Test
    void aSteadyStatusCallsForNothing() {
        StripeWebhookEndpointStatus steady = status(ROTATING, run(T, 3L, "Succeeded"), KEY_MISSING);

        assertThat(EndpointEvents.between(steady, steady)).isEmpty();
    }

    @Test
    void aMissingKeyIsAWarningOnceAndItsReturnNormal() {
        StripeWebhookEndpointStatus missing = status(null, null, KEY_MISSING);
        StripeWebhookEndpointStatus healed = status(ONE_SECRET, null, SECRETS_FOUND);

        assertThat(EndpointEvents.between(null, missing))
                .containsExactly(new EndpointEvent(
                        "Warning", "SecretKeyNotFound", "Secret payments/billing-whsec has no key whsec"));
        assertThat(EndpointEvents.between(missing, missing)).isEmpty();
        assertThat(EndpointEvents.between(missing, healed))
                .extracting(EndpointEvent::type, EndpointEvent::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Normal", "SecretsFound"));
        assertThat(EndpointEvents.between(null, healed))
                .as("found from the start is no news")
                .isEmpty();
    }

    @Test
    void anotherProblemWithTheSecretsIsANewWarning() {
        EndpointCondition empty = new EndpointCondition(
                "SecretsReady",
                "False",
                "SecretKeyEmpty",
                "Secret payments/billing-whsec has an empty value at whsec",
                T,
                1L);

        assertThat(EndpointEvents.between(status(null, null, KEY_MISSING), status(null, null, empty)))
                .extracting(EndpointEvent::reason)
                .containsExactly("SecretKeyEmpty");
    }

    @Test
    void aRotationStartsAndEndsWithFingerprintsOnly() {
        List<EndpointEvent> started =
                EndpointEvents.between(status(ONE_SECRET, null, SECRETS_FOUND), status(ROTATING, null, SECRETS_FOUND));
        List<EndpointEvent> ended = EndpointEvents.between(
                status(ROTATING, null, SECRETS_FOUND),
                status(new SigningSecretsStatus("sha256:22222222", null, null), null, SECRETS_FOUND));

        assertThat(started).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("RotationStarted");
            assertThat(e.message()).contains("sha256:22222222", "sha256:11111111", "2026-11-24T10:00:00Z");
        });
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("PreviousSecretRemoved");
            assertThat(e.message()).contains("sha256:11111111").contains("only sha256:22222222");
        });
        SigningSecretsStatus again =
                new SigningSecretsStatus("sha256:33333333", "sha256:22222222", "2026-11-25T10:00:00Z");
        assertThat(EndpointEvents.between(status(ROTATING, null), status(again, null)))
                .as("a second change within the grace")
                .extracting(EndpointEvent::reason)
                .containsExactly("RotationStarted");
    }

    @Test
    void aPathConflictIsAWarningWhenItBegins() {
        EndpointCondition conflict = new EndpointCondition(
                "Exposed",
                "False",
                "PathConflict",
                "path /webhooks/stripe on hooks.example.com is taken by shop/orders",
                T,
                1L);
        EndpointCondition pending = new EndpointCondition("Exposed", "False", "IngressPending", "not yet", T, 1L);

        assertThat(EndpointEvents.between(status(null, null, pending), status(null, null, conflict)))
                .containsExactly(new EndpointEvent("Warning", "PathConflict", conflict.getMessage()));
        assertThat(EndpointEvents.between(status(null, null, conflict), status(null, null, conflict)))
                .isEmpty();
        assertThat(EndpointEvents.between(null, status(null, null, pending))).isEmpty();
    }

    @Test
    void aRefusedPathIsAWarningWhenItBegins() {
        EndpointCondition refused = new EndpointCondition(
                "Exposed", "False", "InvalidPath", "spec.exposure path must be a plain absolute path", T, 1L);
        EndpointCondition ready = new EndpointCondition("Exposed", "True", "IngressReady", "exposed", T, 1L);

        assertThat(EndpointEvents.between(status(null, null, ready), status(null, null, refused)))
                .containsExactly(new EndpointEvent("Warning", "InvalidPath", refused.getMessage()));
        assertThat(EndpointEvents.between(status(null, null, refused), status(null, null, refused)))
                .isEmpty();
    }

    @Test
    void aBackfillRunIsNewsWhenItFailedOrRecoveredEvents() {
        StripeWebhookEndpointStatus before = status(null, run(T, 0L, "Succeeded"));

        assertThat(EndpointEvents.between(before, status(null, run("2026-11-23T16:00:00Z", 4L, "Succeeded"))))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e)
                            .extracting(EndpointEvent::type, EndpointEvent::reason)
                            .containsExactly("Warning", "BackfillRecoveredEvents");
                    assertThat(e.message()).contains("recovered 4 events");
                });
        assertThat(EndpointEvents.between(
                        before, status(null, run("2026-11-23T16:00:00Z", null, "Failed: exit code 1"))))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo("BackfillFailed");
                    assertThat(e.message()).contains("Failed: exit code 1");
                });
        assertThat(EndpointEvents.between(before, status(null, run("2026-11-23T16:00:00Z", 0L, "Succeeded"))))
                .as("nothing missing")
                .isEmpty();
        assertThat(EndpointEvents.between(status(null, run(T, 4L, "Succeeded")), status(null, run(T, 4L, "Succeeded"))))
                .as("the same run again")
                .isEmpty();
    }

    @Test
    void eachStepInStripeIsToldOnce() {
        StripeEndpointStatus registered = new StripeEndpointStatus("we_1", "enabled", "2025-10-29.clover", null, null);
        StripeEndpointStatus rotating = new StripeEndpointStatus("we_2", "enabled", "2025-10-29.clover", "we_1", null);
        StripeEndpointStatus replaced = new StripeEndpointStatus("we_2", "enabled", "2025-10-29.clover", null, null);

        assertThat(EndpointEvents.between(managed(null), managed(registered)))
                .containsExactly(new EndpointEvent(
                        "Normal",
                        "StripeEndpointRegistered",
                        "Stripe endpoint we_1 delivers here at API version 2025-10-29.clover"));
        assertThat(EndpointEvents.between(managed(registered), managed(registered)))
                .isEmpty();
        assertThat(EndpointEvents.between(managed(registered), managed(rotating)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo("StripeRotationStarted");
                    assertThat(e.message()).contains("we_2", "we_1");
                });
        assertThat(EndpointEvents.between(managed(rotating), managed(rotating))).isEmpty();
        assertThat(EndpointEvents.between(managed(rotating), managed(replaced)))
                .containsExactly(new EndpointEvent(
                        "Normal", "StripeEndpointReplaced", "deleted Stripe endpoint we_1; only we_2 delivers"));
    }

    @Test
    void stripeRefusingACallIsAWarningWhenItBeginsOrItsReasonChangesNotPerRetry() {
        EndpointCondition registered = new EndpointCondition("StripeRegistered", "True", "Registered", "we_1", T, 1L);
        EndpointCondition badKey = new EndpointCondition(
                "StripeRegistered",
                "False",
                "Unauthorized",
                "Stripe refused the API key sk_test_…1234 in Secret payments/stripe-key",
                T,
                1L);
        EndpointCondition limited = new EndpointCondition(
                "StripeRegistered", "False", "RateLimited", "Stripe answered 429; retrying in 20s", T, 1L);
        EndpointCondition limitedLonger = new EndpointCondition(
                "StripeRegistered", "False", "RateLimited", "Stripe answered 429; retrying in 40s", T, 1L);

        assertThat(EndpointEvents.between(status(null, null, registered), status(null, null, badKey)))
                .containsExactly(new EndpointEvent("Warning", badKey.getReason(), badKey.getMessage()));
        assertThat(EndpointEvents.between(status(null, null, badKey), status(null, null, badKey)))
                .isEmpty();
        assertThat(EndpointEvents.between(status(null, null, badKey), status(null, null, limited)))
                .extracting(EndpointEvent::reason)
                .containsExactly("RateLimited");
        assertThat(EndpointEvents.between(status(null, null, limited), status(null, null, limitedLonger)))
                .isEmpty();
        assertThat(EndpointEvents.between(status(null, null, limited), status(null, null, registered)))
                .isEmpty();
    }

    private static StripeWebhookEndpointStatus managed(StripeEndpointStatus stripe) {
        return new StripeWebhookEndpointStatus(1L, null, new ArrayList<>(), null, null, null, stripe);
    }
}
