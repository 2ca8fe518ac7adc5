package dev.stripeoperator.operator.stripe;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.stripe.model.WebhookEndpoint;
import dev.stripeoperator.contract.KubernetesApi;

/**
 * The resource a Stripe endpoint belongs to, written into the endpoint's metadata: the operator finds its own
 * endpoints by it (after a restore too) and never touches another's.
 *
 * @param cluster the installation's identity (ClusterIdentity: OPERATOR_CLUSTER_NAME, else the kube-system namespace's
 *     uid), so that clusters sharing a Stripe account never take each other's endpoints for their own; null only for
 *     endpoints recorded by a version before it
 * @param namespace the resource's namespace
 * @param name the resource's name
 */
record EndpointOwner(String cluster, String namespace, String name) {

    static final String MANAGED_BY = "managed_by";
    static final String CLUSTER = "kubernetes_cluster";
    static final String NAMESPACE = "kubernetes_namespace";
    static final String NAME = "kubernetes_name";

    /** The metadata every endpoint of this owner carries. */
    Map<String, String> metadata() {
        Map<String, String> metadata =
                new TreeMap<>(Map.of(MANAGED_BY, KubernetesApi.OPERATOR, NAMESPACE, namespace, NAME, name));
        if (cluster != null) {
            metadata.put(CLUSTER, cluster);
        }
        return metadata;
    }

    /** The description Stripe's Dashboard shows. */
    String description() {
        return "Managed by " + KubernetesApi.OPERATOR + " for StripeWebhookEndpoint " + namespace + "/" + name
                + (cluster == null ? "" : " in cluster " + cluster);
    }

    /** Whether {@code endpoint} is one of this owner's. */
    boolean owns(WebhookEndpoint endpoint) {
        Map<String, String> metadata = endpoint.getMetadata();
        return sameResource(metadata) && Objects.equals(cluster, metadata.get(CLUSTER));
    }

    /**
     * Whether {@code endpoint} was made for this namespace and name by a version that wrote no installation's identity:
     * it may be this installation's or another cluster's, which only the resource's own record tells apart.
     */
    boolean madeWithoutIdentity(WebhookEndpoint endpoint) {
        Map<String, String> metadata = endpoint.getMetadata();
        return sameResource(metadata) && !metadata.containsKey(CLUSTER);
    }

    private boolean sameResource(Map<String, String> metadata) {
        return metadata != null
                && KubernetesApi.OPERATOR.equals(metadata.get(MANAGED_BY))
                && namespace.equals(metadata.get(NAMESPACE))
                && name.equals(metadata.get(NAME));
    }
}
