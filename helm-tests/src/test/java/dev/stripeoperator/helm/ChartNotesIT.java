package dev.stripeoperator.helm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** After `helm install` the user is told the next steps: the Secrets, an endpoint, and where its URL shows up. */
class ChartNotesIT {

    private static Helm helm;

    @BeforeAll
    static void helm() {
        helm = new Helm(Repository.current());
    }

    @Test
    void clusterModeNotesLeadFromSecretsToTheEndpointsUrl() {
        String notes = helm.notes();

        assertThat(notes)
                .contains("in every namespace")
                .contains("kubectl -n stripe-system rollout status deployment/swo-stripe-webhook-operator")
                .contains("kubectl -n payments create secret generic billing-whsec")
                .contains("kubectl -n payments get swe")
                .contains("{.status.url}");
    }

    @Test
    void namespacedModeNotesNameTheWatchedNamespacesAndUseOneOfThem() {
        String notes = helm.notes("--set", "watchNamespaces={shop,billing}");

        assertThat(notes)
                .contains("It manages StripeWebhookEndpoints in: shop, billing.")
                .contains("kubectl -n shop create secret generic billing-whsec")
                .contains("kubectl -n shop get swe")
                .doesNotContain("-n payments");
    }
}
