package dev.stripeoperator.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator tells an endpoint's story in Events on the local control plane, as {@code kubectl describe swe} shows
 * them: one Event per change, none per reconcile while a state stays, and never a secret's value.
 */
@ExtendWith(LocalClusterExtension.class)
class EndpointEventsIT {

    private static final String ROTATED = "whsec_events_rotated_value";

    private static LocalCluster cluster;
    private static MutableClock clock;
    private static OperatorEnvironment env;

    @BeforeAll
    static void startOperator(LocalCluster localCluster) {
        cluster = localCluster;
        clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
        env = OperatorEnvironment.start(cluster, "events", 1, clock);
    }

    @AfterAll
    static void stopOperator() {
        env.close();
    }

    @Test
    void aMissingSecretItsArrivalAndARotationEachGiveOneEvent() {
        String ns = env.namespace();
        env.client
                .resource(Fixtures.secret(ns, "stripe-events-db", Map.of("jdbc-url", Fixtures.JDBC_URL)))
                .create();
        env.client
                .resource(Fixtures.secret(ns, "stripe-readonly-key", Map.of("key", Fixtures.API_KEY)))
                .create();
        env.client.resource(Fixtures.endpoint(ns, "billing")).create();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(ns)).singleElement().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("SecretNotFound");
                    assertThat(e.getMessage()).contains(ns + "/billing-whsec");
                    assertThat(e.getInvolvedObject().getKind()).isEqualTo("StripeWebhookEndpoint");
                }));

        // Reconciles while the Secret stays missing add nothing.
        touch(ns, "stripe-events-db", "1");
        touch(ns, "stripe-events-db", "2");
        await().pollDelay(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(events(ns)).extracting(Event::getReason).containsExactly("SecretNotFound"));

        env.client
                .resource(Fixtures.secret(ns, "billing-whsec", Map.of("whsec", Fixtures.WHSEC)))
                .create();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(ns))
                        .extracting(Event::getReason)
                        .containsExactly("SecretNotFound", "SecretsFound"));

        env.client
                .resource(Fixtures.secret(ns, "billing-whsec", Map.of("whsec", ROTATED)))
                .update();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(ns))
                        .extracting(Event::getReason)
                        .containsExactly("SecretNotFound", "SecretsFound", "RotationStarted"));

        // Past the grace, the next reconcile removes the previous secret.
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        touch(ns, "billing-whsec", "expired");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(ns))
                        .extracting(Event::getReason)
                        .containsExactly("SecretNotFound", "SecretsFound", "RotationStarted", "PreviousSecretRemoved"));

        String described = cluster.kubectl("-n", ns, "describe", "stripewebhookendpoint", "billing");
        assertThat(described)
                .contains("Events:")
                .contains("SecretNotFound")
                .contains("RotationStarted")
                .contains("PreviousSecretRemoved")
                .contains("stripe-webhook-operator");
        for (String secret : List.of(Fixtures.WHSEC, ROTATED, Fixtures.JDBC_URL, Fixtures.API_KEY)) {
            assertThat(described).doesNotContain(secret);
            assertThat(events(ns)).extracting(Event::getMessage).noneMatch(message -> message.contains(secret));
        }
    }

    /** The Events on the endpoint billing, oldest first. */
    private static List<Event> events(String ns) {
        return env.reads.events(ns, "billing");
    }

    /** Changes a referenced Secret's labels only, which makes the operator reconcile the endpoint. */
    private static void touch(String ns, String name, String value) {
        Fixtures.modify(
                env.client, Secret.class, ns, name, s -> s.getMetadata().setLabels(Map.of("touched", value)), false);
    }
}
