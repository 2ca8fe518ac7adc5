package dev.stripeoperator.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.SigningSecretFiles;
import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.operator.endpoint.DatabaseSpec;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.IngressExposure;
import dev.stripeoperator.operator.endpoint.IngressTls;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.SigningSecret;
import dev.stripeoperator.operator.endpoint.Sink;
import dev.stripeoperator.operator.endpoint.StripeManagement;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.standin.StripeStandIn;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator as its image runs it ({@link OperatorMain} in a process of its own, LOG_LEVEL applied there) at
 * {@code LOG_LEVEL=TRACE} on the local control plane, through a managed endpoint's registration, a rotation of its
 * Stripe secret and its deletion: everything the process writes holds the project's debug lines and none of the
 * secrets that passed through it, in clear or in the base64 of a Secret's data.
 */
@ExtendWith(LocalClusterExtension.class)
class TraceLoggingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NAMESPACE = "trace-1";
    private static final String ACCOUNT = "operator-at-trace";
    private static final String WRITE_KEY = "rk_test_51TraceWriteKey000001";
    private static final String SINK_TOKEN = "sink-token-trace-0123456789";
    private static final String HOST = "trace.example.com";

    @Test
    void atTraceTheOperatorLogsItsOwnDebugLinesAndNoSecretThroughARotation(LocalCluster cluster) throws Exception {
        KubernetesClient client = cluster.admin();
        OperatorEnvironment.loadCrds().forEach(crd -> OperatorEnvironment.installCrd(client, crd));
        client.resource(OperatorEnvironment.restrictedNamespace(NAMESPACE))
                .forceConflicts()
                .serverSideApply();
        OperatorEnvironment.clusterAdminAccount(client, OperatorEnvironment.OPERATOR_NAMESPACE, ACCOUNT);
        Config account =
                cluster.serviceAccountConfig(OperatorEnvironment.OPERATOR_NAMESPACE, ACCOUNT, Duration.ofHours(1));
        Path log = Path.of("target", "trace-logging-operator.log");
        List<String> secrets = new ArrayList<>(List.of(
                WRITE_KEY,
                Fixtures.API_KEY,
                Fixtures.JDBC_URL,
                "password=s3cret",
                SINK_TOKEN,
                account.getOauthToken()));

        try (StripeStandIn stripe = StripeStandIn.start(Map.of(WRITE_KEY, StripeStandIn.Access.WRITE), url -> url)) {
            // given: the operator running at TRACE, and the Secrets a managed endpoint with a backfill and a sink reads
            Process operator = startOperator(cluster, account, stripe.baseUrl(), log);
            try {
                client.resource(Fixtures.secret(NAMESPACE, "stripe-events-db", Map.of("jdbc-url", Fixtures.JDBC_URL)))
                        .create();
                client.resource(Fixtures.secret(NAMESPACE, "stripe-readonly-key", Map.of("key", Fixtures.API_KEY)))
                        .create();
                client.resource(Fixtures.secret(NAMESPACE, "stripe-webhook-key", Map.of("key", WRITE_KEY)))
                        .create();
                client.resource(Fixtures.secret(NAMESPACE, "sink-token", Map.of("token", SINK_TOKEN)))
                        .create();

                // when: it registers the endpoint in Stripe, rotates its secret on demand, and deletes it
                client.resource(Fixtures.endpoint(NAMESPACE, "billing", spec())).create();
                String first = await().atMost(WAIT).until(() -> stripeEndpointId(client), id -> id != null);
                Fixtures.modify(
                        client,
                        StripeWebhookEndpoint.class,
                        NAMESPACE,
                        "billing",
                        e -> e.getMetadata().getAnnotations().put(KubernetesApi.ROTATE_ANNOTATION, "2026-12-06"),
                        false);
                String second = await().atMost(WAIT)
                        .until(() -> stripeEndpointId(client), id -> id != null && !id.equals(first));
                Secret signing = await().atMost(WAIT)
                        .until(
                                () -> secret(client, "billing-signing"),
                                s -> s != null && s.getData().containsKey(SigningSecretFiles.PREVIOUS));
                secrets.add(Fixtures.decode(signing.getData().get(SigningSecretFiles.CURRENT)));
                secrets.add(Fixtures.decode(signing.getData().get(SigningSecretFiles.PREVIOUS)));
                secrets.addAll(stripe.secretsOf(first));
                secrets.addAll(stripe.secretsOf(second));
                Secret forwarding = secret(client, "billing-forwarding");
                secrets.add(Fixtures.decode(forwarding.getData().get(SigningSecretFiles.CURRENT)));
                client.resources(StripeWebhookEndpoint.class)
                        .inNamespace(NAMESPACE)
                        .withName("billing")
                        .delete();
                await().atMost(WAIT).until(() -> stripe.endpoints().isEmpty());
                await().atMost(WAIT)
                        .until(() -> client.resources(StripeWebhookEndpoint.class)
                                        .inNamespace(NAMESPACE)
                                        .withName("billing")
                                        .get()
                                == null);
            } finally {
                operator.destroy();
                operator.waitFor(30, TimeUnit.SECONDS);
                client.namespaces().withName(NAMESPACE).delete();
            }
        }

        // then: its own debug lines are there, so TRACE was applied; no secret is, in any form
        String written = Files.readString(log);
        assertThat(written)
                .as("the operator's FINE line for Events it recorded, in " + log)
                .containsPattern("(?m)^FINE: kubernetes_event endpoint=trace-1/billing outcome=recorded ")
                .contains("stripe endpoint=trace-1/billing outcome=");
        for (String secret : secrets) {
            assertThat(secret).as("a secret of the scenario").isNotBlank();
            assertThat(written)
                    .as("what the operator wrote at TRACE (" + log + ")")
                    .doesNotContain(secret)
                    .doesNotContain(base64(secret));
        }
    }

    private static StripeWebhookEndpointSpec spec() {
        return new StripeWebhookEndpointSpec(
                new SigningSecret(null, "10m", null),
                null,
                List.of("invoice.paid"),
                new DatabaseSpec(new SecretKeyRef("stripe-events-db", "jdbc-url")),
                new Sink(
                        "https://billing-app.example.com/stripe-events", null, new SecretKeyRef("sink-token", "token")),
                new Reconciliation(
                        Fixtures.SCHEDULE, "26h", new SecretKeyRef("stripe-readonly-key", "key"), null, null, null),
                null,
                new Exposure(new IngressExposure(HOST, null, null, new IngressTls("trace-tls"), null), null),
                new StripeManagement(new SecretKeyRef("stripe-webhook-key", "key"), true, null));
    }

    /**
     * Starts {@link OperatorMain} with this JVM's class path as the ServiceAccount's client, at TRACE, watching the
     * test's namespace, writing everything (stdout and stderr) to {@code log}; returns once it is ready.
     */
    private static Process startOperator(LocalCluster cluster, Config account, String stripeApi, Path log)
            throws Exception {
        Path kubeconfig = cluster.writeKubeconfig(account, Path.of("target", "trace-logging-kubeconfig.yaml"));
        int healthPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OperatorMain.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
        env.put("WATCH_NAMESPACES", NAMESPACE);
        env.put("OPERATOR_HEALTH_PORT", Integer.toString(healthPort));
        env.put("STRIPE_API_BASE", stripeApi);
        env.put("LOG_LEVEL", "TRACE");
        env.put("LOG_FORMAT", "text");
        Process operator = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
                .build();
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!operator.isAlive()) {
                        throw new IllegalStateException(
                                "the operator exited with " + operator.exitValue() + "; see " + log);
                    }
                    return http.send(ready, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
                });
        return operator;
    }

    private static String stripeEndpointId(KubernetesClient client) {
        StripeWebhookEndpoint endpoint = client.resources(StripeWebhookEndpoint.class)
                .inNamespace(NAMESPACE)
                .withName("billing")
                .get();
        StripeWebhookEndpointStatus status = endpoint == null ? null : endpoint.getStatus();
        return status == null || status.stripe() == null
                ? null
                : status.stripe().endpointId();
    }

    private static Secret secret(KubernetesClient client, String name) {
        return client.secrets().inNamespace(NAMESPACE).withName(name).get();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
