package dev.stripeoperator.operator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.operator.endpoint.Database;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.Receiver;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.SigningSecret;
import dev.stripeoperator.operator.endpoint.Sink;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/** Endpoints and Secrets as a platform team would write them. */
final class Fixtures {

    static final String WHSEC = "whsec_test_0123456789abcdefghijklmnop";
    static final String JDBC_URL = "jdbc:postgresql://db.payments.svc:5432/stripe?user=app&password=s3cret";
    static final String API_KEY = "rk_test_51ABCDEFreadonlykey";

    private Fixtures() {
    }

    /** An endpoint with signing secret, database, sink and reconciliation, referencing the Secrets below. */
    static StripeWebhookEndpoint endpoint(String namespace, String name) {
        return endpoint(namespace, name, spec(name));
    }

    static StripeWebhookEndpoint endpoint(String namespace, String name, StripeWebhookEndpointSpec spec) {
        StripeWebhookEndpoint endpoint = new StripeWebhookEndpoint();
        endpoint.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        endpoint.setSpec(spec);
        return endpoint;
    }

    static StripeWebhookEndpointSpec spec(String name) {
        return new StripeWebhookEndpointSpec(
                new SigningSecret(new SecretKeyRef(name + "-whsec", "whsec"), "1h"),
                true,
                List.of("checkout.session.completed", "invoice.*"),
                new Database(new SecretKeyRef("stripe-events-db", "jdbc-url")),
                new Sink("http://billing-app.payments.svc/internal/stripe-events"),
                new Reconciliation("17 */6 * * *", "26h", new SecretKeyRef("stripe-readonly-key", "key")),
                new Receiver(2, null, null, null, null, null),
                null);
    }

    /** The three user Secrets {@link #spec} references, with the given signing secret. */
    static List<Secret> userSecrets(String namespace, String name, String whsec) {
        return List.of(
                secret(namespace, name + "-whsec", Map.of("whsec", whsec)),
                secret(namespace, "stripe-events-db", Map.of("jdbc-url", JDBC_URL)),
                secret(namespace, "stripe-readonly-key", Map.of("key", API_KEY)));
    }

    static Secret secret(String namespace, String name, Map<String, String> plain) {
        return new SecretBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withType("Opaque")
                .withData(encode(plain))
                .build();
    }

    static Map<String, String> encode(Map<String, String> plain) {
        return plain.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8))));
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
