package dev.stripeoperator.operator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.gson.JsonObject;
import dev.stripeoperator.operator.endpoint.DatabaseSpec;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.IngressExposure;
import dev.stripeoperator.operator.endpoint.IngressTls;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.SigningSecret;
import dev.stripeoperator.operator.endpoint.StripeManagement;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.standin.StripeStandIn;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Managed endpoints of a running operator and the Stripe stand-in it registers them in: specs, Secrets and reads. */
final class ManagedEndpoints {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final RunningOperator operator;
    private final StripeStandIn stripe;

    ManagedEndpoints(RunningOperator operator, StripeStandIn stripe) {
        this.operator = operator;
        this.stripe = stripe;
    }

    /**
     * A managed spec exposed at {@code host} through an Ingress with TLS, its replaced secret kept 10 minutes, rotated
     * every {@code rotateEvery} (null: never), with the API key Secret named {@code stripe-webhook-key}.
     */
    static StripeWebhookEndpointSpec spec(String host, List<String> events, String rotateEvery) {
        return new StripeWebhookEndpointSpec(
                new SigningSecret(null, "10m", rotateEvery),
                null,
                events,
                new DatabaseSpec(new SecretKeyRef("stripe-events-db", "jdbc-url")),
                null,
                null,
                null,
                new Exposure(new IngressExposure(host, null, null, new IngressTls(host + "-tls"), null), null),
                new StripeManagement(new SecretKeyRef("stripe-webhook-key", "key"), true, null));
    }

    /** The spec with the API key from the Secret {@code secret}, key {@code key}. */
    static StripeWebhookEndpointSpec keyed(StripeWebhookEndpointSpec spec, String secret) {
        return Specs.withStripe(spec, new StripeManagement(new SecretKeyRef(secret, "key"), true, null));
    }

    /** Creates the database Secret, the API key Secret {@code <name>-stripe-key} with {@code apiKey}, and the endpoint. */
    void create(String ns, String name, StripeWebhookEndpointSpec spec, String apiKey) {
        KubernetesClient client = operator.client();
        client.resource(Fixtures.secret(ns, "stripe-events-db", Map.of("jdbc-url", Fixtures.JDBC_URL)))
                .forceConflicts()
                .serverSideApply();
        client.resource(Fixtures.secret(ns, name + "-stripe-key", Map.of("key", apiKey)))
                .create();
        client.resource(Fixtures.endpoint(ns, name, keyed(spec, name + "-stripe-key")))
                .create();
    }

    /** Changes a label of every API key Secret of the namespace: the operator reconciles their endpoints. */
    void touch(String ns) {
        String value = String.valueOf(System.nanoTime());
        operator.client().secrets().inNamespace(ns).list().getItems().stream()
                .filter(s -> s.getMetadata().getName().endsWith("-stripe-key"))
                .forEach(s -> operator.client()
                        .secrets()
                        .inNamespace(ns)
                        .withName(s.getMetadata().getName())
                        .edit(secret -> {
                            secret.getMetadata().setLabels(Map.of("touched", value));
                            return secret;
                        }));
    }

    /** Waits until the endpoint's StripeRegistered condition is False with {@code reason} and says {@code inMessage}. */
    void assertReason(String ns, String name, String reason, String inMessage) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            EndpointCondition condition = condition(status(ns, name), "StripeRegistered");
            assertThat(condition.getStatus()).isEqualTo("False");
            assertThat(condition.getReason()).isEqualTo(reason);
            assertThat(condition.getMessage()).contains(inMessage);
        });
    }

    /** The Stripe endpoints whose metadata and URL name the namespace. */
    List<JsonObject> stripeEndpoints(String ns) {
        return stripe.endpoints().stream()
                .filter(e -> e.getAsJsonObject("metadata").has("kubernetes_namespace")
                        && ns.equals(e.getAsJsonObject("metadata")
                                .get("kubernetes_namespace")
                                .getAsString())
                        && e.get("url").getAsString().contains("/" + ns + "/"))
                .toList();
    }

    StripeWebhookEndpointStatus status(String ns, String name) {
        StripeWebhookEndpoint endpoint = operator.reads().endpoint(ns, name);
        return endpoint == null ? null : endpoint.getStatus();
    }

    /** The Stripe endpoint the status names as current; null before there is one. */
    String endpointId(String ns, String name) {
        StripeWebhookEndpointStatus status = status(ns, name);
        return status == null || status.stripe() == null
                ? null
                : status.stripe().endpointId();
    }

    static EndpointCondition condition(StripeWebhookEndpointStatus status, String type) {
        return Optional.ofNullable(status)
                .flatMap(s -> s.condition(type))
                .orElseThrow(() -> new AssertionError("no " + type));
    }

    Secret signingSecret(String ns, String name) {
        return operator.reads().secret(ns, name + "-signing");
    }
}
