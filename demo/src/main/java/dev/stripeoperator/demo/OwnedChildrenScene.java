package dev.stripeoperator.demo;

import java.util.ArrayList;
import java.util.List;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;

import static dev.stripeoperator.demo.DemoFailure.expect;

/** Step 1: the endpoint Ready, the children the operator created, and each owned by the endpoint. */
final class OwnedChildrenScene {

    private final Narrator narrator;

    OwnedChildrenScene(Narrator narrator) {
        this.narrator = narrator;
    }

    void run(DemoCluster cluster, StripeWebhookEndpoint endpoint) {
        String namespace = endpoint.getMetadata().getNamespace();
        String name = endpoint.getMetadata().getName();
        narrator.shell(
                cluster,
                "-n",
                namespace,
                "wait",
                "--for=condition=Ready",
                "--timeout=180s",
                "stripewebhookendpoint/" + name);
        narrator.shell(cluster, "-n", namespace, "get", "swe");
        narrator.shell(
                cluster,
                "-n",
                namespace,
                "get",
                "deployment,replicaset,pod,service,cronjob,secret,ingress,networkpolicy,poddisruptionbudget",
                "-l",
                "app.kubernetes.io/instance=" + name,
                "-o",
                "wide");
        narrator.endpointJsonpath(
                cluster,
                namespace,
                name,
                "{range .status.conditions[*]}{.type}={.status} ({.reason}): {.message}{\"\\n\"}{end}");
        expectOwned(cluster.client(), namespace, name);
    }

    /** Every child the operator made (not the pods, which the ReplicaSet owns) carries an ownerReference to the endpoint. */
    private void expectOwned(KubernetesClient client, String namespace, String name) {
        List<HasMetadata> children = new ArrayList<>();
        children.addAll(labelled(client.secrets(), namespace, name));
        children.addAll(labelled(client.apps().deployments(), namespace, name));
        children.addAll(labelled(client.services(), namespace, name));
        children.addAll(labelled(client.batch().v1().cronjobs(), namespace, name));
        children.addAll(labelled(client.network().v1().ingresses(), namespace, name));
        children.addAll(labelled(client.network().v1().networkPolicies(), namespace, name));
        children.addAll(labelled(client.policy().v1().podDisruptionBudget(), namespace, name));
        expect(
                children.stream()
                        .allMatch(c -> c.getMetadata().getOwnerReferences().stream()
                                .anyMatch(o -> o.getKind().equals("StripeWebhookEndpoint")
                                        && o.getName().equals(name))),
                "every child should carry an ownerReference to its endpoint");
        narrator.saw(
                children.size() + " children created by the operator, each owned by the endpoint; the receiver's pods "
                        + "admitted under the restricted Pod Security level and Ready");
    }

    /** The resources of one kind that carry the endpoint's instance label. */
    private static <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> labelled(
            MixedOperation<T, L, ?> kind, String namespace, String name) {
        return kind.inNamespace(namespace)
                .withLabel(KubernetesApi.INSTANCE_LABEL, name)
                .list()
                .getItems();
    }
}
