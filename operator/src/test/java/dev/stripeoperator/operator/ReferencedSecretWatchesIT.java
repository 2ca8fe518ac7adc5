package dev.stripeoperator.operator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.endpoint.DatabaseSpec;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.secrets.ReferencedSecretWatches;
import dev.stripeoperator.operator.secrets.ReferencedSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
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
    static final RunningOperator OPERATOR = new RunningOperator("watched", 3, Instant.parse("2026-03-01T12:00:00Z"));

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

    /**
     * A watch's first listing that finds the version the reconciles before it read directly reconciles nobody again,
     * however many endpoints share the Secret; a change after it reconciles every one of them.
     */
    @Test
    void theFirstListingOfAVersionAlreadyReadReconcilesNobodyAgain() {
        String shared = OPERATOR.namespace();
        OPERATOR.client()
                .resource(Fixtures.secret(shared, "shared-db", Map.of("jdbc-url", Fixtures.JDBC_URL)))
                .create();
        Set<ResourceID> referrers = Set.of(new ResourceID("a", shared), new ResourceID("b", shared));
        List<ResourceID> reconciled = new CopyOnWriteArrayList<>();
        ReferencedSecretWatches watches = new ReferencedSecretWatches("test", OPERATOR.client(), key -> referrers);
        watches.setEventHandler(event -> reconciled.add(event.getRelatedCustomResourceID()));
        watches.start();
        try {
            assertThat(watches.get(shared, "shared-db")).isPresent();
            assertThat(watches.get(shared, "shared-db")).isPresent();
            await().atMost(Duration.ofSeconds(30)).until(() -> watches.getStatus() == Status.HEALTHY);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(reconciled::isEmpty);

            Fixtures.modify(
                    OPERATOR.client(),
                    Secret.class,
                    shared,
                    "shared-db",
                    s -> s.setData(Fixtures.encode(Map.of("jdbc-url", Fixtures.JDBC_URL + "&db=2"))),
                    false);

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(reconciled).containsExactlyInAnyOrderElementsOf(referrers));
        } finally {
            watches.stop();
        }
    }

    /**
     * A reconcile that changes no reference looks at no watch; a watch stops once the last endpoint referencing its
     * Secret points elsewhere or is deleted, and the others keep theirs.
     */
    @Test
    void aWatchStopsWithItsLastReferenceAndAReconcileLooksOnlyAtWhatItsEndpointLetGoOf() {
        String shared = OPERATOR.namespace();
        Fixtures.userSecrets(shared, "a", Fixtures.WHSEC)
                .forEach(s -> OPERATOR.client().resource(s).create());
        OPERATOR.client()
                .resource(Fixtures.secret(shared, "b-whsec", Map.of("whsec", Fixtures.WHSEC)))
                .create();
        OPERATOR.client()
                .resource(Fixtures.secret(shared, "other-db", Map.of("jdbc-url", Fixtures.JDBC_URL)))
                .create();
        StripeWebhookEndpoint a = Fixtures.endpoint(shared, "a");
        StripeWebhookEndpoint b = Fixtures.endpoint(shared, "b");
        // The primary cache's index, as the reconciler keeps it.
        Map<String, Set<ResourceID>> cache = new ConcurrentHashMap<>();
        AtomicInteger lookups = new AtomicInteger();
        List<ResourceID> reconciled = new CopyOnWriteArrayList<>();
        ReferencedSecretWatches watches = new ReferencedSecretWatches("test", OPERATOR.client(), key -> {
            lookups.incrementAndGet();
            return cache.getOrDefault(key, Set.of());
        });
        watches.setEventHandler(event -> reconciled.add(event.getRelatedCustomResourceID()));
        watches.start();
        try {
            for (StripeWebhookEndpoint endpoint : List.of(a, b)) {
                cached(cache, endpoint);
                watches.references(endpoint);
                ReferencedSecrets.resolve(endpoint, name -> watches.get(shared, name));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> watches.getStatus() == Status.HEALTHY);
            for (int i = 0; i < 10; i++) {
                watches.references(a);
                watches.references(b);
            }
            assertThat(lookups).as("lookups of who references a watched Secret").hasValue(0);

            StripeWebhookEndpoint aOnOtherDb = Fixtures.endpoint(
                    shared,
                    "a",
                    Specs.withDatabase(a.getSpec(), new DatabaseSpec(new SecretKeyRef("other-db", "jdbc-url"))));
            cache.values().forEach(referrers -> referrers.remove(ResourceID.fromResource(a)));
            cached(cache, aOnOtherDb);
            watches.references(aOnOtherDb);
            ReferencedSecrets.resolve(aOnOtherDb, name -> watches.get(shared, name));
            watches.forget(b);
            cache.values().forEach(referrers -> referrers.remove(ResourceID.fromResource(b)));
            await().atMost(Duration.ofSeconds(30)).until(() -> watches.getStatus() == Status.HEALTHY);
            reconciled.clear();

            for (String name : List.of("b-whsec", "stripe-events-db", "other-db")) {
                Fixtures.modify(
                        OPERATOR.client(),
                        Secret.class,
                        shared,
                        name,
                        s -> s.getMetadata().setLabels(Map.of("touched", "yes")),
                        false);
            }
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(reconciled)
                            .as("only other-db, which a references now, is watched of the three")
                            .containsExactly(ResourceID.fromResource(a)));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> reconciled.size() == 1);
        } finally {
            watches.stop();
        }
    }

    /** Indexes the Secrets {@code endpoint} references, as the reconciler's cache index does. */
    private static void cached(Map<String, Set<ResourceID>> cache, StripeWebhookEndpoint endpoint) {
        ReferencedSecretWatches.keysOf(endpoint)
                .forEach(key -> cache.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet())
                        .add(ResourceID.fromResource(endpoint)));
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
