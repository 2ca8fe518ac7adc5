package dev.stripeoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.stripeoperator.operator.endpoint.Database;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator lists and watches only the Secrets endpoints reference (each by name) and its own (by label), never
 * every Secret of the cluster, and still follows a change to a referenced one at once.
 */
class ReferencedSecretWatchesIT {

    private static final String NS = "watched";

    @RegisterExtension
    static final RunningOperator OPERATOR = new RunningOperator();

    @Test
    void onlyReferencedSecretsAreListedOrWatchedAndAChangeToOneIsFollowed() throws Exception {
        for (int i = 0; i < 20; i++) {
            OPERATOR.client().resource(Fixtures.secret(NS, "unrelated-" + i, Map.of("password", "not-the-operators-business"))).create();
        }
        Fixtures.userSecrets(NS, "billing", Fixtures.WHSEC).forEach(s -> OPERATOR.client().resource(s).create());
        OPERATOR.client().resource(Fixtures.endpoint(NS, "billing")).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> deployment() != null);

        List<String> secretQueries = secretCollectionQueries();
        assertThat(secretQueries).as("lists and watches of Secrets").isNotEmpty().allSatisfy(query -> assertThat(query)
                .matches(".*(labelSelector=app\\.kubernetes\\.io/managed-by=stripe-webhook-operator"
                        + "|fieldSelector=metadata\\.name=(billing-whsec|stripe-events-db|stripe-readonly-key)).*"));
        assertThat(secretQueries).anyMatch(q -> q.contains("fieldSelector=metadata.name=billing-whsec"))
                .anyMatch(q -> q.contains("fieldSelector=metadata.name=stripe-events-db"))
                .anyMatch(q -> q.contains("fieldSelector=metadata.name=stripe-readonly-key"));

        // Point the endpoint at another database Secret: that one is watched from now on.
        OPERATOR.client().resource(Fixtures.secret(NS, "other-db", Map.of("jdbc-url", Fixtures.JDBC_URL + "&db=2"))).create();
        Fixtures.updateSpec(OPERATOR.client(), NS, "billing", spec -> new StripeWebhookEndpointSpec(spec.signingSecret(),
                spec.livemode(), spec.enabledEvents(), new Database(new SecretKeyRef("other-db", "jdbc-url")), spec.sink(),
                spec.reconciliation(), spec.receiver(), spec.exposure()));
        String hash = await().atMost(Duration.ofSeconds(30)).until(ReferencedSecretWatchesIT::databaseHash,
                h -> h.equals(Fingerprints.of(Fixtures.JDBC_URL + "&db=2")));
        Fixtures.modify(OPERATOR.client(), Secret.class, NS, "other-db",
                s -> s.setData(Fixtures.encode(Map.of("jdbc-url", Fixtures.JDBC_URL + "&db=3"))), false);

        await().atMost(Duration.ofSeconds(30)).until(() -> !databaseHash().equals(hash));
        assertThat(databaseHash()).isEqualTo(Fingerprints.of(Fixtures.JDBC_URL + "&db=3"));
        assertThat(secretCollectionQueries()).anyMatch(q -> q.contains("fieldSelector=metadata.name=other-db"))
                .noneMatch(q -> !q.contains("Selector="));
    }

    /** The query strings of every list or watch of a Secret collection the API server received since the last call. */
    private static List<String> secretCollectionQueries() throws InterruptedException {
        List<String> queries = new ArrayList<>();
        RecordedRequest request;
        while ((request = OPERATOR.environment().server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            String path = URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8);
            String resource = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            if ("GET".equals(request.getMethod()) && resource.endsWith("/secrets")) {
                queries.add(path.contains("?") ? path.substring(path.indexOf('?') + 1) : "");
            }
        }
        return queries;
    }

    private static String databaseHash() {
        Deployment deployment = deployment();
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(StripeWebhooks.DATABASE_HASH_ANNOTATION);
    }

    private static Deployment deployment() {
        return OPERATOR.client().apps().deployments().inNamespace(NS).withName("billing-stripe-receiver").get();
    }
}
