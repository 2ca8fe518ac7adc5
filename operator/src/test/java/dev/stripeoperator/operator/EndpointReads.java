package dev.stripeoperator.operator;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;

/** An endpoint and what the operator made of it, read from the API server by the names users see. */
final class EndpointReads {

    private final KubernetesClient client;

    EndpointReads(KubernetesClient client) {
        this.client = client;
    }

    StripeWebhookEndpoint endpoint(String namespace, String name) {
        return client.resources(StripeWebhookEndpoint.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    Deployment receiverDeployment(String namespace, String endpoint) {
        return client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(endpoint + "-stripe-receiver")
                .get();
    }

    /** The endpoint's receiver pods that are not being deleted. */
    List<Pod> receiverPods(String namespace, String endpoint) {
        return client
                .pods()
                .inNamespace(namespace)
                .withLabel("app.kubernetes.io/instance", endpoint)
                .withLabel("app.kubernetes.io/component", "receiver")
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    CronJob reconcileCronJob(String namespace, String endpoint) {
        return client.batch()
                .v1()
                .cronjobs()
                .inNamespace(namespace)
                .withName(endpoint + "-stripe-reconcile")
                .get();
    }

    Secret secret(String namespace, String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    /** The Events recorded on an endpoint, oldest first: what {@code kubectl describe swe} lists. */
    List<Event> events(String namespace, String endpoint) {
        return client
                .v1()
                .events()
                .inNamespace(namespace)
                .withField("involvedObject.name", endpoint)
                .list()
                .getItems()
                .stream()
                .filter(e -> HasMetadata.getKind(StripeWebhookEndpoint.class)
                        .equals(e.getInvolvedObject().getKind()))
                .sorted(Comparator.comparing((Event e) -> e.getMetadata().getCreationTimestamp())
                        .thenComparing(e -> Long.parseLong(e.getMetadata().getResourceVersion())))
                .toList();
    }

    /** A container's environment variables with a plain value, by name. */
    static Map<String, String> envValues(Container container) {
        Map<String, String> values = new HashMap<>();
        container.getEnv().forEach(e -> values.put(e.getName(), e.getValue()));
        return values;
    }

    static EndpointCondition condition(List<EndpointCondition> conditions, String type) {
        return conditions.stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElseThrow();
    }
}
