package dev.stripeoperator.operator.dependent;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;

/**
 * NetworkPolicy {@value StripeWebhooks#RECEIVERS_POLICY_NAME}, one per namespace: the receiver pods of every endpoint
 * there admit traffic on port 8080 only.
 */
// One per namespace rather than one per endpoint: the first endpoint writes it, the others find it as desired. It has
// no owner, since no single endpoint owns it; the last endpoint of the namespace deletes it on its way out, and its
// deletion at any other time wakes every endpoint of the namespace to put it back. Hence the overrides beyond
// desired(). Endpoints of a namespace reconciled at once may all find it missing: each applies it whole, instead of all
// but the first being refused with a conflict (an error status write and a retry each).
@KubernetesDependent(
        createResourceOnlyIfNotExistingWithSSA = false,
        informer = @Informer(labelSelector = NetworkPolicyDependent.SELECTOR, onUpdateFilter = ChildChanges.class))
public class NetworkPolicyDependent extends CRUDNoGCKubernetesDependentResource<NetworkPolicy, StripeWebhookEndpoint> {

    /** Name of this dependent. */
    public static final String NAME = "receivers-networkpolicy";

    /** The namespaces' policies, not the endpoint's own that versions before 0.2.0 wrote: those carry its name. */
    static final String SELECTOR = KubernetesApi.MANAGED_BY_SELECTOR + ",!" + KubernetesApi.INSTANCE_LABEL + ","
            + KubernetesApi.COMPONENT_LABEL + "=" + KubernetesApi.COMPONENT_RECEIVER;

    /** Creates the dependent. */
    public NetworkPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    protected NetworkPolicy desired(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return desired(endpoint.getMetadata().getNamespace());
    }

    /** The NetworkPolicy of the receiver pods in {@code namespace}. */
    static NetworkPolicy desired(String namespace) {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(StripeWebhooks.RECEIVERS_POLICY_NAME)
                .withNamespace(namespace)
                .withLabels(StripeWebhooks.sharedLabels(KubernetesApi.COMPONENT_RECEIVER))
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .withMatchLabels(StripeWebhooks.sharedSelector(KubernetesApi.COMPONENT_RECEIVER))
                .endPodSelector()
                .withPolicyTypes("Ingress")
                // From anywhere (the ingress controller or gateway, the probes), but to the receiver's port only.
                .addNewIngress()
                .addNewPort()
                .withProtocol("TCP")
                .withPort(new IntOrString(ReceiverImage.PORT))
                .endPort()
                .endIngress()
                .endSpec()
                .build();
    }

    /** The namespace's policy is no endpoint's: neither an owner reference nor JOSDK's annotations naming one. */
    @Override
    protected void addReferenceHandlingMetadata(NetworkPolicy desired, StripeWebhookEndpoint endpoint) {}

    /** Every endpoint of a namespace finds the policy by its name, also one created after the policy. */
    @Override
    protected InformerEventSourceConfiguration.Builder<NetworkPolicy> informerConfigurationBuilder(
            EventSourceContext<StripeWebhookEndpoint> context) {
        PrimaryToSecondaryMapper<StripeWebhookEndpoint> byName = endpoint -> Set.of(policyOf(endpoint));
        return super.informerConfigurationBuilder(context).withPrimaryToSecondaryMapper(byName);
    }

    /** A change of the policy concerns every endpoint of its namespace. */
    @Override
    protected Optional<SecondaryToPrimaryMapper<NetworkPolicy>> getSecondaryToPrimaryMapper(
            EventSourceContext<StripeWebhookEndpoint> context) {
        return Optional.of(policy -> context.getPrimaryCache()
                .list(policy.getMetadata().getNamespace())
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet()));
    }

    @Override
    protected ResourceID targetSecondaryResourceID(
            StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return policyOf(endpoint);
    }

    /** Deleted with the namespace's last endpoint only; the others being deleted too do not count. */
    @Override
    protected void handleDelete(
            StripeWebhookEndpoint endpoint, NetworkPolicy policy, Context<StripeWebhookEndpoint> context) {
        if (!othersRemain(
                endpoint, context.getPrimaryCache().list(endpoint.getMetadata().getNamespace()))) {
            super.handleDelete(endpoint, policy, context);
        }
    }

    /** Whether an endpoint of {@code endpoint}'s namespace other than it is not being deleted. */
    static boolean othersRemain(StripeWebhookEndpoint endpoint, Stream<StripeWebhookEndpoint> all) {
        ResourceID id = ResourceID.fromResource(endpoint);
        return all.anyMatch(other -> !ResourceID.fromResource(other).equals(id)
                && other.getMetadata().getDeletionTimestamp() == null);
    }

    private static ResourceID policyOf(StripeWebhookEndpoint endpoint) {
        return new ResourceID(
                StripeWebhooks.RECEIVERS_POLICY_NAME, endpoint.getMetadata().getNamespace());
    }
}
