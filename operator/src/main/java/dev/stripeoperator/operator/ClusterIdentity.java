package dev.stripeoperator.operator;

import dev.stripeoperator.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Who this installation is in the metadata of the Stripe endpoints it manages: {@code OPERATOR_CLUSTER_NAME} when set,
 * else the uid of the cluster's {@code kube-system} namespace, which lives as long as the cluster does. Two clusters
 * sharing a Stripe account thus never take each other's endpoint of the same namespace and name for their own.
 *
 * @param value the identity written into each Stripe endpoint's metadata
 * @param source where it comes from, for the start-up log line
 */
public record ClusterIdentity(String value, String source) {

    static final String IDENTITY_NAMESPACE = "kube-system";

    /**
     * The identity of the cluster {@code client} talks to.
     *
     * @throws IllegalStateException naming the setting that avoids the lookup when kube-system cannot be read
     */
    public static ClusterIdentity of(OperatorConfig config, KubernetesClient client) {
        if (config.clusterName() != null) {
            return new ClusterIdentity(config.clusterName(), "OPERATOR_CLUSTER_NAME");
        }
        try {
            Namespace namespace =
                    client.namespaces().withName(IDENTITY_NAMESPACE).get();
            if (namespace == null || namespace.getMetadata().getUid() == null) {
                throw new IllegalStateException("the cluster has no namespace " + IDENTITY_NAMESPACE);
            }
            return new ClusterIdentity(namespace.getMetadata().getUid(), IDENTITY_NAMESPACE + " uid");
        } catch (KubernetesClientException e) {
            throw new IllegalStateException(
                    "cannot read the uid of namespace " + IDENTITY_NAMESPACE + ", this cluster's identity in the Stripe"
                            + " endpoints it manages (HTTP " + e.getCode() + "): grant get on it (the chart does), or"
                            + " set OPERATOR_CLUSTER_NAME (chart stripe.clusterName)",
                    e);
        }
    }
}
