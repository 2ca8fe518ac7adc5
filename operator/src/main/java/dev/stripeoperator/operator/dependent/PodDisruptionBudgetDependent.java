package dev.stripeoperator.operator.dependent;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * PodDisruptionBudget {@code <name>-stripe-receiver}: voluntary disruptions (drains, upgrades) take at most one
 * receiver pod at a time. Present only when the endpoint runs more than one pod; with one pod a budget would
 * block node drains forever.
 */
@KubernetesDependent(
        informer = @Informer(labelSelector = KubernetesApi.MANAGED_BY_SELECTOR, onUpdateFilter = ChildChanges.class))
public class PodDisruptionBudgetDependent extends EndpointDependent<PodDisruptionBudget> {

    /** Name of this dependent. */
    public static final String NAME = "receiver-pdb";

    /** Creates the dependent. */
    public PodDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class, StripeWebhooks::receiverName);
    }

    @Override
    protected PodDisruptionBudget desired(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return desired(endpoint);
    }

    /** The receiver pods' disruption budget of {@code endpoint}. */
    static PodDisruptionBudget desired(StripeWebhookEndpoint endpoint) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(
                        metadata(StripeWebhooks.receiverName(endpoint), endpoint, KubernetesApi.COMPONENT_RECEIVER))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector()
                .withMatchLabels(StripeWebhooks.selector(endpoint, KubernetesApi.COMPONENT_RECEIVER))
                .endSelector()
                .endSpec()
                .build();
    }
}
