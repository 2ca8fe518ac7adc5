package dev.stripeoperator.operator.stripe;

import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a signing Secret records of its Stripe endpoints, read back from the annotations it writes. */
class StripeRecordTest {

    private static final StripeRecord ROTATING =
            new StripeRecord("we_new", "we_old", "uid-1", "billing-stripe-key/key", "2026-12-06");

    @Test
    void theAnnotationsReadBackAsTheSameRecord() {
        var secret = new SecretBuilder()
                .withNewMetadata()
                .withAnnotations(ROTATING.annotations(true, true))
                .endMetadata()
                .build();

        assertThat(StripeRecord.of(Optional.of(secret))).isEqualTo(ROTATING);
        assertThat(StripeRecord.of(Optional.empty())).isEqualTo(StripeRecord.NONE);
    }

    @Test
    void anEndpointWhoseSecretIsNoLongerKeptIsNoLongerRecordedButTheKeyAndOwnerAre() {
        assertThat(ROTATING.annotations(true, false))
                .doesNotContainKey(KubernetesApi.PREVIOUS_STRIPE_ENDPOINT_ANNOTATION)
                .containsEntry(KubernetesApi.STRIPE_ENDPOINT_ANNOTATION, "we_new");
        assertThat(ROTATING.withoutEndpoints().annotations(true, true))
                .containsOnly(
                        Map.entry(KubernetesApi.STRIPE_OWNER_ANNOTATION, "uid-1"),
                        Map.entry(KubernetesApi.STRIPE_API_KEY_ANNOTATION, "billing-stripe-key/key"),
                        Map.entry(KubernetesApi.ROTATE_ANNOTATION, "2026-12-06"));
        assertThat(ROTATING.withoutEndpoints().hasEndpoints()).isFalse();
    }

    @Test
    void theKeyIsReadBackAsASecretReferenceAndAMalformedOneAsNone() {
        assertThat(ROTATING.apiKeyRef()).contains(new SecretKeyRef("billing-stripe-key", "key"));
        assertThat(new StripeRecord(null, null, null, "no-slash", null).apiKeyRef())
                .isEmpty();
        assertThat(new StripeRecord(null, null, null, "trailing/", null).apiKeyRef())
                .isEmpty();
        assertThat(StripeRecord.NONE.apiKeyRef()).isEmpty();
    }
}
