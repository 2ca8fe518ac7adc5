package dev.stripeoperator.operator;

import java.util.Map;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.StripeManagement;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.stripe.StripeRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When the Stripe endpoints a signing Secret records are no longer the endpoint's to keep. */
class StripeRetirementTest {

    private static final String IDENTITY = "kube-system-uid";
    private static final StripeRecord RECORDED =
            new StripeRecord("we_1", null, IDENTITY, "billing-stripe-key/key", null);

    @Test
    void managedAsRecordedTheyAreKept() {
        assertThat(StripeRetirement.reason(managed("billing-stripe-key", true), RECORDED, IDENTITY))
                .isEmpty();
        assertThat(StripeRetirement.reason(managed("billing-stripe-key", false), StripeRecord.NONE, IDENTITY))
                .as("nothing recorded, nothing to retire")
                .isEmpty();
    }

    @Test
    void managementTurnedOffAnotherKeyOrAnotherInstallationRetiresThem() {
        assertThat(StripeRetirement.reason(managed("billing-stripe-key", false), RECORDED, IDENTITY))
                .hasValueSatisfying(why -> assertThat(why).contains("manage is no longer true"));
        assertThat(StripeRetirement.reason(managed("other-account-key", true), RECORDED, IDENTITY))
                .hasValueSatisfying(why -> assertThat(why).contains("billing-stripe-key/key", "other-account-key/key"));
        assertThat(StripeRetirement.reason(managed("billing-stripe-key", true), RECORDED, "prod-eu"))
                .hasValueSatisfying(why -> assertThat(why).contains(IDENTITY, "prod-eu"));
    }

    @Test
    void aRecordOfAnEarlierVersionWithoutKeyAndOwnerIsKeptAndAdopted() {
        StripeRecord earlier = new StripeRecord("we_1", null, null, null, null);

        assertThat(StripeRetirement.reason(managed("any-key", true), earlier, IDENTITY))
                .isEmpty();
    }

    @Test
    void onlyTheAnnotationSetToTrueAsksForARelease() {
        StripeWebhookEndpoint endpoint = managed("billing-stripe-key", true);
        assertThat(StripeRetirement.releaseAsked(endpoint)).isFalse();

        endpoint.getMetadata().setAnnotations(Map.of(KubernetesApi.RELEASE_ANNOTATION, "yes"));
        assertThat(StripeRetirement.releaseAsked(endpoint)).isFalse();

        endpoint.getMetadata().setAnnotations(Map.of(KubernetesApi.RELEASE_ANNOTATION, "true"));
        assertThat(StripeRetirement.releaseAsked(endpoint)).isTrue();
    }

    private static StripeWebhookEndpoint managed(String keySecret, boolean manage) {
        return Fixtures.endpoint(
                "payments",
                "billing",
                Specs.withStripe(
                        Fixtures.spec("billing"),
                        new StripeManagement(new SecretKeyRef(keySecret, "key"), manage, null)));
    }
}
