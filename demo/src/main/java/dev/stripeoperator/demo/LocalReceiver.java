package dev.stripeoperator.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.receiver.Receiver;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.forwarding.ForwardingConfig;
import dev.stripeoperator.receiver.store.Database;
import dev.stripeoperator.receiver.testing.SecretVolume;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import static dev.stripeoperator.contract.ReceiverSetting.DATABASE_URL;
import static dev.stripeoperator.contract.ReceiverSetting.DATA_DIR;
import static dev.stripeoperator.contract.ReceiverSetting.ENDPOINT_NAME;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_SIGNING_KEYS_DIR;
import static dev.stripeoperator.contract.ReceiverSetting.PORT;
import static dev.stripeoperator.contract.ReceiverSetting.SIGNING_SECRETS_DIR;
import static dev.stripeoperator.contract.ReceiverSetting.SINK_URL;
import static dev.stripeoperator.contract.ReceiverSetting.WEBHOOK_PATH;

/**
 * A receiver process beside the cluster, for machines that cannot run the local real node: configured exactly as the
 * operator's Deployment says, its signing and forwarding key Secrets materialized as Secret volumes the way the kubelet
 * lays them out, an embedded PostgreSQL instead of the example's database host, the demo's sink instead of its app.
 */
final class LocalReceiver implements DemoReceivers {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final String namespace;
    private final Deployment deployment;
    private final ReceiverSettings settings;
    private final SecretVolume signing;
    private final Receiver receiver;

    private LocalReceiver(
            KubernetesClient client,
            String namespace,
            Deployment deployment,
            ReceiverSettings settings,
            SecretVolume signing,
            Receiver receiver) {
        this.client = client;
        this.namespace = namespace;
        this.deployment = deployment;
        this.settings = settings;
        this.signing = signing;
        this.receiver = receiver;
    }

    static LocalReceiver start(KubernetesClient client, StripeWebhookEndpoint endpoint, Path workDir, URI sink)
            throws IOException {
        String namespace = endpoint.getMetadata().getNamespace();
        Deployment deployment = client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(StripeWebhooks.receiverName(endpoint))
                .get();
        ReceiverSettings settings = ReceiverSettings.of(deployment, client);
        SecretVolume signing = new SecretVolume(Files.createDirectories(workDir.resolve("signing")));
        signing.publish(secretFiles(client, namespace, settings.signingSecretName()));
        // The key the receiver signs forwarded events with, from the Secret the operator generated.
        SecretVolume forwardingKeys = new SecretVolume(Files.createDirectories(workDir.resolve("forwarding")));
        forwardingKeys.publish(secretFiles(client, namespace, StripeWebhooks.forwardingSecretName(endpoint)));
        Map<String, String> env = localEnvironment(settings, signing.root(), forwardingKeys.root(), sink);
        Receiver receiver = Receiver.start(ReceiverConfig.fromEnvironment(env), ForwardingConfig.fromEnvironment(env));
        LocalReceiver local = new LocalReceiver(client, namespace, deployment, settings, signing, receiver);
        Await.until("the receiver to be ready (its database migrated)", WAIT, () -> local.ready() ? local : null);
        return local;
    }

    @Override
    public URI webhookUrl() {
        return URI.create("http://127.0.0.1:" + receiver.port() + settings.env().get(WEBHOOK_PATH.name()));
    }

    @Override
    public String where() {
        return "a receiver process beside the cluster, configured from the Deployment";
    }

    @Override
    public void describe(PrintStream out) {
        ReceiverSettings.print(deployment, out);
        out.printf(
                "    signing Secret %s materialized as a Secret volume; %s replaced by an embedded PostgreSQL; "
                        + "%s replaced by a local sink; %s by a free port%n",
                settings.signingSecretName(), DATABASE_URL, SINK_URL, PORT);
        out.printf(
                "    receiver listening at %s (endpoint %s)%n",
                webhookUrl(), settings.env().get(ENDPOINT_NAME.name()));
    }

    @Override
    public void awaitSigningSecret(String secret, PrintStream out) {
        // What the kubelet does in a pod: the Secret volume shows the Secret's new content; the receiver re-reads it.
        signing.publish(secretFiles(client, namespace, settings.signingSecretName()));
        StripeDeliveries receiverAt = new StripeDeliveries(webhookUrl());
        Await.until(
                "the receiver to verify with the new signing secret",
                WAIT,
                () -> receiverAt.verifies(secret) ? secret : null);
    }

    @Override
    public List<List<String>> rows() {
        try {
            return EventTable.rows(receiver.database().dataSource().getConnection());
        } catch (SQLException e) {
            throw new DemoFailure("cannot reach the receiver's database: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        receiver.close();
    }

    private boolean ready() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<Void> answer = http.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + receiver.port() + ReceiverImage.READINESS_PATH))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted");
        }
    }

    private static Map<String, String> localEnvironment(
            ReceiverSettings settings, Path signingDir, Path forwardingDir, URI sink) {
        Map<String, String> env = new LinkedHashMap<>(settings.env());
        env.put(PORT.name(), "0");
        env.put(SIGNING_SECRETS_DIR.name(), signingDir.toString());
        if (env.containsKey(FORWARDING_SIGNING_KEYS_DIR.name())) {
            env.put(FORWARDING_SIGNING_KEYS_DIR.name(), forwardingDir.toString());
        }
        // The example's database host exists only in a real cluster; the embedded PostgreSQL stands in for it.
        env.put(DATABASE_URL.name(), Database.EMBEDDED);
        env.put(DATA_DIR.name(), signingDir.resolveSibling("data").toString());
        if (env.containsKey(SINK_URL.name())) {
            env.put(SINK_URL.name(), sink.toString());
        }
        return env;
    }

    private static Map<String, String> secretFiles(KubernetesClient client, String namespace, String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        Map<String, String> files = new HashMap<>();
        secret.getData().forEach((key, value) -> files.put(key, ReceiverSettings.decode(value)));
        return files;
    }
}
