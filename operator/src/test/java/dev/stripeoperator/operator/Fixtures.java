package dev.stripeoperator.operator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.endpoint.DatabaseSpec;
import dev.stripeoperator.operator.endpoint.ForwardingSpec;
import dev.stripeoperator.operator.endpoint.ReceiverPod;
import dev.stripeoperator.operator.endpoint.ReceiverSpec;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.SigningSecret;
import dev.stripeoperator.operator.endpoint.Sink;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.inputs.ReconcileInputs;
import dev.stripeoperator.operator.secrets.ReferencedSecrets;
import dev.stripeoperator.operator.secrets.SecretValue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.awaitility.Awaitility;

/** Endpoints and Secrets as a platform team would write them. */
public final class Fixtures {

    public static final String WHSEC = "whsec_test_0123456789abcdefghijklmnop";
    public static final String JDBC_URL = "jdbc:postgresql://db.payments.svc:5432/stripe?user=app&password=s3cret";
    public static final String API_KEY = "rk_test_51ABCDEFreadonlykey";

    private Fixtures() {}

    /** An endpoint with signing secret, database, sink and reconciliation, referencing the Secrets below. */
    public static StripeWebhookEndpoint endpoint(String namespace, String name) {
        return endpoint(namespace, name, spec(name));
    }

    public static StripeWebhookEndpoint endpoint(String namespace, String name, StripeWebhookEndpointSpec spec) {
        StripeWebhookEndpoint endpoint = new StripeWebhookEndpoint();
        endpoint.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        endpoint.setSpec(spec);
        return endpoint;
    }

    /** The endpoint {@code payments/billing} with its {@link #spec} changed by {@code change}. */
    public static StripeWebhookEndpoint billing(UnaryOperator<StripeWebhookEndpointSpec> change) {
        return endpoint("payments", "billing", change.apply(spec("billing")));
    }

    /**
     * The test endpoints' backfill schedule. The local cluster's CronJob controller really runs jobs, and a run would
     * overwrite the status a test arranged; once a year keeps real runs out of every test's way.
     */
    public static final String SCHEDULE = "0 0 1 1 *";

    public static StripeWebhookEndpointSpec spec(String name) {
        return new StripeWebhookEndpointSpec(
                new SigningSecret(new SecretKeyRef(name + "-whsec", "whsec"), "1h"),
                true,
                List.of("checkout.session.completed", "invoice.*"),
                new DatabaseSpec(new SecretKeyRef("stripe-events-db", "jdbc-url")),
                new Sink("http://billing-app.payments.svc/internal/stripe-events"),
                new Reconciliation(SCHEDULE, "26h", new SecretKeyRef("stripe-readonly-key", "key"), null, null, null),
                new ReceiverSpec(2, null, null, null, null, null, null, null),
                null);
    }

    /** The version of the database Secret {@link #inputs} read. */
    public static final String DATABASE_SECRET_VERSION = "3f1c2a5e-db/42";

    /**
     * What a reconcile at {@code now} of the endpoint {@code name} of {@link #spec} works from: the operator's default
     * settings, every referenced Secret read, the Gateway API installed, no exposure conflict, nothing managed.
     */
    public static ReconcileInputs inputs(String name, Instant now) {
        return new ReconcileInputs(
                now,
                OperatorConfig.fromEnvironment(Map.of(), "test"),
                new ReferencedSecrets(
                        SecretValue.found(new SecretKeyRef(name + "-whsec", "whsec"), WHSEC, "9a0b-whsec/7"),
                        SecretValue.found(
                                new SecretKeyRef("stripe-events-db", "jdbc-url"), JDBC_URL, DATABASE_SECRET_VERSION),
                        SecretValue.found(new SecretKeyRef("stripe-readonly-key", "key"), API_KEY, "77aa-key/3")),
                true,
                null);
    }

    /** {@code spec} with these receiver pod and forwarding settings, its other receiver settings kept. */
    public static StripeWebhookEndpointSpec withReceiver(
            StripeWebhookEndpointSpec spec, ReceiverPod pod, ForwardingSpec forwarding) {
        ReceiverSpec r = spec.receiverOrDefaults();
        return Specs.withReceiver(
                spec,
                new ReceiverSpec(
                        r.replicas(),
                        r.image(),
                        r.resources(),
                        r.signatureToleranceSeconds(),
                        r.maxBodyBytes(),
                        r.autoscaling(),
                        pod,
                        forwarding));
    }

    /** The three user Secrets {@link #spec} references, with the given signing secret. */
    public static List<Secret> userSecrets(String namespace, String name, String whsec) {
        return List.of(
                secret(namespace, name + "-whsec", Map.of("whsec", whsec)),
                secret(namespace, "stripe-events-db", Map.of("jdbc-url", JDBC_URL)),
                secret(namespace, "stripe-readonly-key", Map.of("key", API_KEY)));
    }

    public static Secret secret(String namespace, String name, Map<String, String> plain) {
        return new SecretBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withType("Opaque")
                .withData(encode(plain))
                .build();
    }

    public static Map<String, String> encode(Map<String, String> plain) {
        return plain.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey,
                        e -> Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * Read-modify-write of an object the operator may write at the same time (status, replicas): tried again
     * on a conflict, as kubectl edit would be.
     */
    public static <T extends HasMetadata> void modify(
            KubernetesClient client,
            Class<T> type,
            String namespace,
            String name,
            Consumer<T> change,
            boolean statusOnly) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(() -> {
                    T current = client.resources(type)
                            .inNamespace(namespace)
                            .withName(name)
                            .get();
                    change.accept(current);
                    if (statusOnly) {
                        client.resource(current).updateStatus();
                    } else {
                        client.resource(current).update();
                    }
                    return true;
                });
    }

    /** Changes an endpoint's spec. */
    public static void updateSpec(
            KubernetesClient client, String namespace, String name, UnaryOperator<StripeWebhookEndpointSpec> change) {
        modify(client, StripeWebhookEndpoint.class, namespace, name, e -> e.setSpec(change.apply(e.getSpec())), false);
    }

    public static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** A projected ServiceAccount token for the audience {@code vault}, as a workload-identity setup mounts one. */
    public static Volume vaultToken() {
        return new VolumeBuilder()
                .withName("vault-token")
                .withNewProjected()
                .addNewSource()
                .withNewServiceAccountToken()
                .withAudience("vault")
                .withExpirationSeconds(600L)
                .withPath("token")
                .endServiceAccountToken()
                .endSource()
                .endProjected()
                .build();
    }
}
