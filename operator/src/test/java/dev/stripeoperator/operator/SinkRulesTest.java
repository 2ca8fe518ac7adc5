package dev.stripeoperator.operator;

import java.util.List;
import java.util.Map;

import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.Sink;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRD's rule on {@code spec.sink}, evaluated the way the API server evaluates it (CEL, {@code self} the sink), and
 * the operator's check of endpoints stored before the rule, which must come to the same verdict: a bearer token goes
 * over https, or over plain http only to a Service of the cluster.
 */
class SinkRulesTest {

    private static final List<ValidationRule> RULES =
            OperatorEnvironment.specField("sink").getXKubernetesValidations();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://billing.example.com/stripe-events",
                "https://10.0.0.12:8443/stripe-events",
                "http://billing-app/internal/stripe-events",
                "http://billing-app:8080",
                "http://localhost:9000/events",
                "http://billing-app.payments.svc/internal/stripe-events",
                "http://billing-app.payments.svc:8080/x?tenant=eu#f",
                "http://billing-app.payments.svc.cluster.local/internal/stripe-events",
                "http://billing-0.billing-app.payments.svc.cluster.local:8080/events"
            })
    void aTokenOverHttpsOrToAnInClusterServicePasses(String uri) throws Exception {
        Sink sink = new Sink(uri, null, new SecretKeyRef("billing-app-token", "token"));

        assertThat(CelRules.violations(RULES, self(sink))).isEmpty();
        assertThat(sink.sendsTokenInClear()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://billing.example.com/stripe-events",
                "http://billing-app.payments/stripe-events",
                "http://billing-app.svc/stripe-events",
                "http://10.96.0.12:8080/stripe-events",
                "http://[fd00::12]/stripe-events",
                "http://user:secret@billing-app.payments.svc/stripe-events",
                "http://billing-app.payments.svc.example.com/stripe-events",
                "http://billing-app.payments.svc.cluster.local.example.com/",
                "http://billing-app.payments.svc.cluster.localhost/",
                "http://Billing-App/stripe-events",
                "http://billing-app@evil.example.com/",
                "http://billing-app:8080@evil.example.com/"
            })
    void aTokenOverPlainHttpOutsideTheClusterIsRefused(String uri) throws Exception {
        Sink sink = new Sink(uri, null, new SecretKeyRef("billing-app-token", "token"));

        assertThat(CelRules.violations(RULES, self(sink)))
                .singleElement()
                .asString()
                .startsWith("with bearerTokenSecretRef the token would cross the network in clear");
        assertThat(sink.sendsTokenInClear()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://billing.example.com/stripe-events", "http://10.96.0.12:8080/stripe-events"})
    void withoutATokenPlainHttpAnywherePasses(String uri) throws Exception {
        Sink sink = new Sink(uri);

        assertThat(CelRules.violations(RULES, self(sink))).isEmpty();
        assertThat(sink.sendsTokenInClear()).isFalse();
    }

    /** The sink as the API server hands it to the rule. */
    private static Map<String, Object> self(Sink sink) {
        return sink.bearerTokenSecretRef() == null
                ? Map.of("uri", sink.uri())
                : Map.of(
                        "uri", sink.uri(), "bearerTokenSecretRef", Map.of("name", "billing-app-token", "key", "token"));
    }
}
