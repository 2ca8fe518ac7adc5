package dev.stripeoperator.demo;

import java.util.function.Predicate;

import dev.stripeoperator.contract.SigningSecretFiles;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Reads of the cluster the scenes wait on: an endpoint's status and the signing secrets. */
final class ClusterReads {

    private ClusterReads() {}

    /** The signing secret in the user's Secret the endpoint refers to. */
    static String userSecret(KubernetesClient client, StripeWebhookEndpoint endpoint) {
        var ref = endpoint.getSpec().signingSecret().secretRef();
        Secret secret = client.secrets()
                .inNamespace(endpoint.getMetadata().getNamespace())
                .withName(ref.name())
                .get();
        return ReceiverSettings.decode(secret.getData().get(ref.key()));
    }

    /** The current signing secret in the operator's Secret; empty while there is none. */
    static String currentSigningSecret(KubernetesClient client, String namespace, String signingName) {
        Secret secret =
                client.secrets().inNamespace(namespace).withName(signingName).get();
        return secret == null ? "" : ReceiverSettings.decode(secret.getData().get(SigningSecretFiles.CURRENT));
    }

    /** The endpoint's status once it passes {@code test}; null before. */
    static StripeWebhookEndpointStatus status(
            KubernetesClient client, String namespace, String name, Predicate<StripeWebhookEndpointStatus> test) {
        StripeWebhookEndpoint current = client.resources(StripeWebhookEndpoint.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        StripeWebhookEndpointStatus status = current == null ? null : current.getStatus();
        return status != null && test.test(status) ? status : null;
    }
}
