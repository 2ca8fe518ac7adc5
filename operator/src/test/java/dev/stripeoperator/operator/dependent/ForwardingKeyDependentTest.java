package dev.stripeoperator.operator.dependent;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.stripeoperator.contract.SigningKeys;
import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.Specs;
import dev.stripeoperator.operator.endpoint.Sink;
import dev.stripeoperator.operator.endpoint.SinkSigning;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.secrets.SigningSecretData;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The forwarding key Secret, from {@code spec.sink.signing} and the one there is. */
class ForwardingKeyDependentTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String KEPT = "whsec_kept";
    private static final String NEW = "whsec_new";
    private static final Supplier<String> NO_NEW_KEY = () -> fail("no new key is wanted");
    private static final String ROTATION = "webhooks.stripe-operator.dev/forwarding-key-rotation";

    @Test
    void withoutAKeyYetANewOneIsCurrent() {
        // given
        StripeWebhookEndpoint endpoint = Fixtures.endpoint("payments", "billing");

        // when
        Secret secret =
                ForwardingKeyDependent.desired(endpoint, Fixtures.inputs("billing", NOW), Optional.empty(), () -> NEW);

        // then
        BillingChildren.assertChild(secret, "billing-forwarding", "forwarding-key");
        assertThat(secret.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(SigningSecretData.keys(secret)).isEqualTo(new SigningKeys(NEW, null, null));
    }

    @Test
    void theSameRotationKeepsTheKey() {
        // given
        StripeWebhookEndpoint endpoint = signing(new SinkSigning("2026-11", null));
        Secret actual = forwardingSecret(new SigningKeys(KEPT, null, null), "2026-11");

        // when
        Secret secret = ForwardingKeyDependent.desired(
                endpoint, Fixtures.inputs("billing", NOW), Optional.of(actual), NO_NEW_KEY);

        // then
        assertThat(SigningSecretData.keys(secret)).isEqualTo(new SigningKeys(KEPT, null, null));
        assertThat(secret.getMetadata().getAnnotations()).isEqualTo(Map.of(ROTATION, "2026-11"));
    }

    @Test
    void aNewRotationValueBringsANewKeyAndKeepsTheOldOneForItsGracePeriod() {
        // given
        StripeWebhookEndpoint endpoint = signing(new SinkSigning("2026-12", "2h"));
        Secret actual = forwardingSecret(new SigningKeys(KEPT, null, null), "2026-11");

        // when
        Secret secret = ForwardingKeyDependent.desired(
                endpoint, Fixtures.inputs("billing", NOW), Optional.of(actual), () -> NEW);

        // then
        assertThat(SigningSecretData.keys(secret)).isEqualTo(new SigningKeys(NEW, KEPT, NOW.plus(Duration.ofHours(2))));
        assertThat(secret.getMetadata().getAnnotations()).isEqualTo(Map.of(ROTATION, "2026-12"));
    }

    @Test
    void theFirstRotationValueReplacesAKeyMadeWithoutOneAfterTheDefaultDay() {
        // given
        StripeWebhookEndpoint endpoint = signing(new SinkSigning("2026-12", null));
        Secret actual = forwardingSecret(new SigningKeys(KEPT, null, null), null);

        // when
        Secret secret = ForwardingKeyDependent.desired(
                endpoint, Fixtures.inputs("billing", NOW), Optional.of(actual), () -> NEW);

        // then
        assertThat(SigningSecretData.keys(secret))
                .isEqualTo(new SigningKeys(NEW, KEPT, NOW.plus(Duration.ofHours(24))));
    }

    private static StripeWebhookEndpoint signing(SinkSigning signing) {
        return Fixtures.billing(spec -> Specs.withSink(
                spec, new Sink("http://billing-app.payments.svc/internal/stripe-events", signing, null)));
    }

    private static Secret forwardingSecret(SigningKeys keys, String rotation) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName("billing-forwarding")
                .withNamespace("payments")
                .withAnnotations(rotation == null ? Map.of() : Map.of(ROTATION, rotation))
                .endMetadata()
                .withData(SigningSecretData.of(keys))
                .build();
    }
}
