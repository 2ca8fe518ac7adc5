package dev.stripeoperator.demo;

import java.io.PrintStream;
import java.net.URI;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.receiver.testing.TestDatabase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The receiver pods of the operator's Deployment, run by the local real node's kubelet in containers of the image
 * {@code make images} builds: Stripe's deliveries reach them through their Service, they store into a PostgreSQL on this
 * machine at the address pods reach it at, and they see a changed signing Secret when the kubelet refreshes their Secret
 * volume.
 */
final class ReceiverPods implements DemoReceivers {

    /** The kubelet's sync period of the local node (10 s in the demo) with room for its jitter and a slow machine. */
    private static final Duration REFRESH = Duration.ofSeconds(120);

    private final KubernetesClient client;
    private final StripeWebhookEndpoint endpoint;
    private final TestDatabase database;

    ReceiverPods(KubernetesClient client, StripeWebhookEndpoint endpoint, TestDatabase database) {
        this.client = client;
        this.endpoint = endpoint;
        this.database = database;
    }

    @Override
    public URI webhookUrl() {
        Service service = client.services()
                .inNamespace(endpoint.getMetadata().getNamespace())
                .withName(StripeWebhooks.receiverName(endpoint))
                .get();
        return URI.create("http://" + service.getSpec().getClusterIP() + ":"
                + service.getSpec().getPorts().getFirst().getPort()
                + StripeWebhooks.webhookPath(endpoint));
    }

    @Override
    public String where() {
        return "the Deployment's pods, in containers on the real node";
    }

    @Override
    public void describe(PrintStream out) {
        Deployment deployment = client.apps()
                .deployments()
                .inNamespace(endpoint.getMetadata().getNamespace())
                .withName(StripeWebhooks.receiverName(endpoint))
                .get();
        ReceiverSettings.print(deployment, out);
        for (Pod pod : pods()) {
            out.printf(
                    "    pod %s on node %s at %s: Ready, restarts %d%n",
                    pod.getMetadata().getName(),
                    pod.getSpec().getNodeName(),
                    pod.getStatus().getPodIP(),
                    pod.getStatus().getContainerStatuses().getFirst().getRestartCount());
        }
        out.printf("    Stripe delivers to the Service: %s%n", webhookUrl());
    }

    @Override
    public void awaitSigningSecret(String secret, PrintStream out) {
        long changed = System.nanoTime();
        for (Pod pod : pods()) {
            StripeDeliveries toPod = new StripeDeliveries(URI.create("http://"
                    + pod.getStatus().getPodIP() + ":" + ReceiverImage.PORT + StripeWebhooks.webhookPath(endpoint)));
            Await.until(
                    "the kubelet to refresh the signing Secret volume of pod "
                            + pod.getMetadata().getName(),
                    REFRESH,
                    () -> toPod.verifies(secret) ? pod : null);
            out.printf(
                    "    the kubelet refreshed the Secret volume of pod %s: it verifies with the new secret (%d s)%n",
                    pod.getMetadata().getName(),
                    Duration.ofNanos(System.nanoTime() - changed).toSeconds());
        }
    }

    @Override
    public List<List<String>> rows() {
        try {
            return EventTable.rows(DriverManager.getConnection(database.jdbcUrl()));
        } catch (SQLException e) {
            throw new DemoFailure("cannot reach the pods' database: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        database.close();
    }

    private List<Pod> pods() {
        return client
                .pods()
                .inNamespace(endpoint.getMetadata().getNamespace())
                .withLabel(KubernetesApi.INSTANCE_LABEL, endpoint.getMetadata().getName())
                .withLabel(KubernetesApi.COMPONENT_LABEL, KubernetesApi.COMPONENT_RECEIVER)
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }
}
