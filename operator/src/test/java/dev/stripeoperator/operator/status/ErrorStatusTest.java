package dev.stripeoperator.operator.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import static dev.stripeoperator.operator.status.StatusFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class ErrorStatusTest {

    private static final Instant T1 = T0.plus(Duration.ofMinutes(1));
    private static final Instant T2 = T0.plus(Duration.ofMinutes(2));
    private static final KubernetesClientException FORBIDDEN = new KubernetesClientException(new StatusBuilder()
            .withCode(403)
            .withMessage("deployments.apps is forbidden: User cannot patch resource")
            .build());

    private static EndpointCondition ready(StripeWebhookEndpointStatus status) {
        return status.condition("Ready").orElseThrow();
    }

    @Test
    void aFailureReplacesReadyAndKeepsEverythingElseShown() {
        StatusFixtures fixtures = StatusFixtures.healthy();
        StripeWebhookEndpointStatus healthy = fixtures.build(T0, null);

        StripeWebhookEndpointStatus failed =
                ErrorStatus.of(fixtures.endpoint(2, healthy), T1, new RuntimeException("reconcile failed", FORBIDDEN));

        assertThat(ready(failed))
                .isEqualTo(new EndpointCondition(
                        "Ready",
                        "False",
                        "ReconcileFailed",
                        "Kubernetes API error 403: deployments.apps is forbidden: User cannot patch resource",
                        T1.toString(),
                        2L));
        assertThat(failed.conditions())
                .filteredOn(c -> !c.getType().equals("Ready"))
                .containsExactlyElementsOf(healthy.conditions().stream()
                        .filter(c -> !c.getType().equals("Ready"))
                        .toList());
        assertThat(failed.observedGeneration())
                .as("the spec generation it last described")
                .isEqualTo(1L);
        assertThat(failed.url()).isEqualTo(healthy.url());
        assertThat(failed.signingSecrets()).isEqualTo(healthy.signingSecrets());
    }

    @Test
    void theSameFailureAgainGivesAnEqualStatusSoNothingIsWritten() {
        StatusFixtures fixtures = StatusFixtures.healthy();
        StripeWebhookEndpoint endpoint = fixtures.endpoint(1, fixtures.build(T0, null));
        StripeWebhookEndpointStatus failed = ErrorStatus.of(endpoint, T1, FORBIDDEN);

        StripeWebhookEndpointStatus again = ErrorStatus.of(fixtures.endpoint(1, failed), T2, FORBIDDEN);

        assertThat(again).isEqualTo(failed);
        assertThat(ready(again).getLastTransitionTime()).isEqualTo(T1.toString());
    }

    @Test
    void anotherFailureKeepsTheTimeReadyTurnedFalse() {
        StatusFixtures fixtures = StatusFixtures.healthy();
        StripeWebhookEndpointStatus failed =
                ErrorStatus.of(fixtures.endpoint(1, fixtures.build(T0, null)), T1, FORBIDDEN);

        StripeWebhookEndpointStatus other = ErrorStatus.of(
                fixtures.endpoint(1, failed),
                T2,
                new IllegalStateException("first line\nsecond line with a request body"));

        assertThat(ready(other).getMessage()).isEqualTo("IllegalStateException: first line");
        assertThat(ready(other).getLastTransitionTime()).isEqualTo(T1.toString());
    }

    @Test
    void anEndpointWithoutAStatusYetShowsOnlyTheFailure() {
        StripeWebhookEndpointStatus failed =
                ErrorStatus.of(StatusFixtures.healthy().endpoint(3, null), T0, new NullPointerException());

        assertThat(failed.conditions())
                .containsExactly(new EndpointCondition(
                        "Ready", "False", "ReconcileFailed", "NullPointerException", T0.toString(), 3L));
        assertThat(failed.observedGeneration()).isNull();
        assertThat(failed.url()).isNull();
    }

    @Test
    void recoveringFromAFailureMovesReadysTransitionTimeAgain() {
        StatusFixtures fixtures = StatusFixtures.healthy();
        StripeWebhookEndpointStatus failed =
                ErrorStatus.of(fixtures.endpoint(1, fixtures.build(T0, null)), T1, FORBIDDEN);

        StripeWebhookEndpointStatus recovered = fixtures.build(T2, failed);

        assertThat(ready(recovered).getStatus()).isEqualTo("True");
        assertThat(ready(recovered).getLastTransitionTime()).isEqualTo(T2.toString());
        assertThat(List.of(recovered.condition("SecretsReady").orElseThrow().getLastTransitionTime()))
                .containsExactly(T0.toString());
    }
}
