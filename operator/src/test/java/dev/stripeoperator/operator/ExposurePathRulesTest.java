package dev.stripeoperator.operator;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.PlainPath;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.IngressExposure;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.operator.exposure.ExposureClaims;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRD's rule on an exposure's {@code path}, evaluated the way the API server evaluates it (CEL, {@code self} the
 * ingress or httpRoute), and the operator's check of endpoints stored before the rule, which must come to the same
 * verdict: a plain absolute path, nothing an ingress controller, a Gateway or the receiver's router reads as a pattern.
 */
class ExposurePathRulesTest {

    private static final JSONSchemaProps EXPOSURE = OperatorEnvironment.specField("exposure");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/webhooks/stripe/payments/billing",
                "/stripe",
                "/stripe/v1.2/hooks_eu~1-a",
                "/.well-known/stripe",
                "/a..b/c.d"
            })
    void aPlainAbsolutePathPassesAndIsServed(String path) throws Exception {
        assertThat(violations("ingress", path)).isEmpty();
        assertThat(violations("httpRoute", path)).isEmpty();
        assertThat(PlainPath.isPlain(path)).isTrue();
        assertThat(StripeWebhooks.pathRefusal(endpoint(path))).isEmpty();
        assertThat(StripeWebhooks.webhookPath(endpoint(path))).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/orders/{id}",
                "/stripe/*",
                "/*",
                "/stripe[/v2]",
                "/a//b",
                "/stripe/",
                "/a/./b",
                "/a/../b",
                "/..",
                "/stripe/...",
                "/a%2Fb",
                "/stripe?x=1",
                "/stripe#top",
                "/stripe;v=1",
                "/stripe hooks",
                "/stripe:hooks",
                "/straße",
                "stripe",
                ""
            })
    void aPathWithRouteMetacharactersOrToNormalizeIsRefusedAndNeitherRoutedNorServed(String path) throws Exception {
        assertThat(violations("ingress", path)).singleElement().asString().startsWith("path must be a plain absolute");
        assertThat(violations("httpRoute", path))
                .singleElement()
                .asString()
                .startsWith("path must be a plain absolute");
        assertThat(PlainPath.isPlain(path)).isFalse();

        StripeWebhookEndpoint stored = endpoint(path);

        assertThat(StripeWebhooks.pathRefusal(stored))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("got '" + path + "'", "the receiver serves /webhooks/stripe/payments/billing"));
        assertThat(StripeWebhooks.webhookPath(stored))
                .as("the receiver's WEBHOOK_PATH")
                .isEqualTo("/webhooks/stripe/payments/billing");
        assertThat(ExposureClaims.requestedBy(stored))
                .as("a refused path claims no host")
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "httpRoute"})
    void withoutAPathTheRulePasses(String exposure) throws Exception {
        assertThat(CelRules.violations(rules(exposure), Map.of("host", "hooks.example.com")))
                .isEmpty();
        assertThat(StripeWebhooks.pathRefusal(endpoint(null))).isEmpty();
    }

    /** An endpoint stored before the rule, exposed through an Ingress at {@code path}. */
    private static StripeWebhookEndpoint endpoint(String path) {
        return Fixtures.endpoint(
                "payments",
                "billing",
                Specs.withExposure(
                        Fixtures.spec("billing"),
                        new Exposure(new IngressExposure("hooks.example.com", null, path, null, null), null)));
    }

    private static List<String> violations(String exposure, String path) throws Exception {
        return CelRules.violations(rules(exposure), Map.of("host", "hooks.example.com", "path", path));
    }

    private static List<ValidationRule> rules(String exposure) {
        return Optional.ofNullable(EXPOSURE.getProperties().get(exposure).getXKubernetesValidations())
                .orElse(List.of());
    }
}
