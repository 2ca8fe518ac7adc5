package dev.stripeoperator.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.operator.replay.ReplayStatus;
import dev.stripeoperator.operator.replay.StripeWebhookReplay;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * StripeWebhookReplays run for real: the chart's operator makes the Job, the real node runs the receiver image's
 * {@code discard} and {@code replay} in a restricted pod against the endpoint's database, the kubelet brings the
 * summary to the replay's status, and the database records who asked and why. Before {@link RbacIT}, which then sees
 * the operator use the Job and replay grants the chart gives it.
 */
@Order(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith({LocalClusterExtension.class, InstalledChartExtension.class})
class ReplayIT {

    private static final String NAMESPACE = "e2e-replay";
    private static final String ENDPOINT = NAMESPACE + "/billing";
    /** Longer than a Job takes from its creation to the operator's status write on the real node. */
    private static final Duration RUN = Duration.ofSeconds(120);

    private static LocalCluster cluster;
    private static KubernetesClient client;
    private static AppliedManifests manifests;
    private static NodeServices services;

    @BeforeAll
    static void anEndpointWithDeadLetters(LocalCluster localCluster, NodeServices nodeServices, InstalledChart chart)
            throws SQLException {
        cluster = localCluster;
        client = localCluster.admin();
        services = nodeServices;
        manifests = new AppliedManifests(cluster);
        // Store only (no sink): replayed events stay pending, so what the run did stays in sight.
        manifests.readyEndpoint(NAMESPACE, "whsec_e2e_replay", services.jdbcUrl(), "receiver: { replicas: 1 }");
        execute("""
                INSERT INTO stripe_events (endpoint, id, type, livemode, created, body, source, status, attempts,
                                           last_error)
                SELECT '%s', 'evt_e2e_dead_' || n, CASE WHEN n = 3 THEN 'customer.created' ELSE 'invoice.paid' END,
                       false, now(), '{}'::bytea, 'webhook', 'dead', 12, 'sink answered HTTP 503'
                  FROM generate_series(1, 3) n""".formatted(ENDPOINT));
    }

    @Test
    @Order(1)
    void aDiscardDryRunCountsWhatItWouldDiscardAndChangesNothing() throws SQLException {
        manifests.apply("""
                apiVersion: webhooks.stripe-operator.dev/v1alpha1
                kind: StripeWebhookReplay
                metadata: { name: look-first, namespace: %s }
                spec:
                  endpoint: billing
                  action: discard
                  dryRun: true
                  selector: { types: ["customer.*"] }
                """.formatted(NAMESPACE));

        ReplayStatus status = awaitEnded("look-first");

        assertThat(status.phase()).as(status.message()).isEqualTo("Succeeded");
        assertThat(List.of(status.matched(), status.discarded(), status.skipped(), status.failed()))
                .containsExactly(1L, 1L, 0L, 0L);
        assertThat(status.message()).endsWith("dry run, nothing was changed");
        assertThat(statuses()).containsExactly("dead", "dead", "dead");
        assertThat(cluster.kubectl("-n", NAMESPACE, "logs", "job/look-first-stripe-replay"))
                .contains("would discard evt_e2e_dead_3 (dead, 12 attempts)");
    }

    @Test
    @Order(2)
    void aReplayPutsTheDeadLettersBackAndTheDatabaseRecordsWhoAskedAndWhy() throws SQLException {
        manifests.apply("""
                apiVersion: webhooks.stripe-operator.dev/v1alpha1
                kind: StripeWebhookReplay
                metadata: { name: sink-fixed, namespace: %s }
                spec:
                  endpoint: billing
                  action: replay
                  reason: "the sink is back"
                """.formatted(NAMESPACE));

        ReplayStatus status = awaitEnded("sink-fixed");

        assertThat(status.phase()).as(status.message()).isEqualTo("Succeeded");
        assertThat(List.of(status.matched(), status.replayed(), status.skipped(), status.failed()))
                .containsExactly(3L, 3L, 0L, 0L);
        assertThat(statuses()).containsExactly("pending", "pending", "pending");
        assertThat(cluster.kubectl("-n", NAMESPACE, "get", "swr", "sink-fixed"))
                .containsPattern("sink-fixed +billing +replay +Succeeded +3 +3 +0 ");
        List<String> audit = new ArrayList<>();
        try (Connection connection =
                        DriverManager.getConnection(services.database().jdbcUrl());
                PreparedStatement query = connection.prepareStatement(
                        "SELECT action, requested_by, reason, changed FROM stripe_event_actions WHERE endpoint = ?")) {
            query.setString(1, ENDPOINT);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    audit.add(rows.getString(1) + "|" + rows.getString(2) + "|" + rows.getString(3) + "|"
                            + rows.getLong(4));
                }
            }
        }
        String uid = client.resources(StripeWebhookReplay.class)
                .inNamespace(NAMESPACE)
                .withName("sink-fixed")
                .get()
                .getMetadata()
                .getUid();
        assertThat(audit)
                .as("the dry run is not recorded")
                .containsExactly(
                        "replay|StripeWebhookReplay " + NAMESPACE + "/sink-fixed (uid " + uid + ")|the sink is back|3");
    }

    private static ReplayStatus awaitEnded(String name) {
        await().atMost(RUN).until(() -> {
            StripeWebhookReplay replay = client.resources(StripeWebhookReplay.class)
                    .inNamespace(NAMESPACE)
                    .withName(name)
                    .get();
            return replay.getStatus() != null && replay.getStatus().finished();
        });
        return client.resources(StripeWebhookReplay.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .get()
                .getStatus();
    }

    private static List<String> statuses() throws SQLException {
        List<String> statuses = new ArrayList<>();
        try (Connection connection =
                        DriverManager.getConnection(services.database().jdbcUrl());
                PreparedStatement query = connection.prepareStatement(
                        "SELECT status FROM stripe_events WHERE endpoint = ? ORDER BY id")) {
            query.setString(1, ENDPOINT);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    statuses.add(rows.getString(1));
                }
            }
        }
        return statuses;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(services.database().jdbcUrl());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
