package dev.stripeoperator.operator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.endpoint.DatabaseSpec;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator lists and watches only the Secrets endpoints reference (each by name) and its own (by label), never
 * every Secret of the cluster, and still follows a change to a referenced one at once.
 */
class ReferencedSecretWatchesIT {

    @RegisterExtension
    static final RunningOperator OPERATOR = new RunningOperator("watched", 1, Instant.parse("2026-03-01T12:00:00Z"));

    private static String ns;

    @Test
    void onlyReferencedSecretsAreListedOrWatchedAndAChangeToOneIsFollowed() {
        ns = OPERATOR.namespace();
        for (int i = 0; i < 20; i++) {
            OPERATOR.client()
                    .resource(Fixtures.secret(ns, "unrelated-" + i, Map.of("password", "not-the-operators-business")))
                    .create();
        }
        Fixtures.userSecrets(ns, "billing", Fixtures.WHSEC)
                .forEach(s -> OPERATOR.client().resource(s).create());
        OPERATOR.client().resource(Fixtures.endpoint(ns, "billing")).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> deployment() != null);

        // The watches of the referenced Secrets start in the background; until then the operator reads them directly.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(secretCollectionQueries())
                        .anyMatch(q -> q.contains("fieldSelector=metadata.name=billing-whsec"))
                        .anyMatch(q -> q.contains("fieldSelector=metadata.name=stripe-events-db"))
                        .anyMatch(q -> q.contains("fieldSelector=metadata.name=stripe-readonly-key")));
        assertThat(secretCollectionQueries())
                .as("lists and watches of Secrets")
                .allSatisfy(
                        query -> assertThat(query)
                                .matches(
                                        ".*(labelSelector=app\\.kubernetes\\.io/managed-by=stripe-webhook-operator"
                                                + "|fieldSelector=metadata\\.name=(billing-whsec|stripe-events-db|stripe-readonly-key)).*"));

        // Point the endpoint at another database Secret: that one is watched from now on.
        OPERATOR.client()
                .resource(Fixtures.secret(ns, "other-db", Map.of("jdbc-url", Fixtures.JDBC_URL + "&db=2")))
                .create();
        Fixtures.updateSpec(
                OPERATOR.client(),
                ns,
                "billing",
                spec -> new StripeWebhookEndpointSpec(
                        spec.signingSecret(),
                        spec.livemode(),
                        spec.enabledEvents(),
                        new DatabaseSpec(new SecretKeyRef("other-db", "jdbc-url")),
                        spec.sink(),
                        spec.reconciliation(),
                        spec.receiver(),
                        spec.exposure()));
        String version = await().atMost(Duration.ofSeconds(30))
                .until(ReferencedSecretWatchesIT::databaseSecretVersion, v -> v.equals(versionOf("other-db")));
        Fixtures.modify(
                OPERATOR.client(),
                Secret.class,
                ns,
                "other-db",
                s -> s.setData(Fixtures.encode(Map.of("jdbc-url", Fixtures.JDBC_URL + "&db=3"))),
                false);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !databaseSecretVersion().equals(version));
        assertThat(databaseSecretVersion()).isEqualTo(versionOf("other-db"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(secretCollectionQueries())
                        .anyMatch(q -> q.contains("fieldSelector=metadata.name=other-db"))
                        .noneMatch(q -> !q.contains("Selector=")));
    }

    /** The query strings of every list or watch of the namespace's Secrets the operator made, in the audit log. */
    private static List<String> secretCollectionQueries() {
        return OPERATOR.environment().operatorRequests().stream()
                .filter(e -> e.resource().equals("secrets")
                        && e.namespace().equals(ns)
                        && (e.verb().equals("list") || e.verb().equals("watch")))
                .map(e -> URLDecoder.decode(e.requestUri(), StandardCharsets.UTF_8))
                .map(uri -> uri.contains("?") ? uri.substring(uri.indexOf('?') + 1) : "")
                .toList();
    }

    /** The uid and resourceVersion of the namespace's Secret {@code name}, as the receiver's pod template names them. */
    private static String versionOf(String name) {
        Secret secret = OPERATOR.reads().secret(ns, name);
        return secret.getMetadata().getUid() + "/" + secret.getMetadata().getResourceVersion();
    }

    private static String databaseSecretVersion() {
        Deployment deployment = deployment();
        return deployment
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(KubernetesApi.DATABASE_SECRET_VERSION_ANNOTATION);
    }

    private static Deployment deployment() {
        return OPERATOR.reads().receiverDeployment(ns, "billing");
    }
}
