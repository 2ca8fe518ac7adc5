package dev.stripeoperator.operator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * What the cluster alone takes to run the receivers of N endpoints, without the operator: a Deployment of 2 replicas
 * and a Service per endpoint, created by the same 8 clients, until every Deployment has a replica available (what an
 * endpoint's Ready waits for). The floor under the operator's own time on the same cluster.
 */
final class ClusterFloor {

    private static final String LABEL = "bench-floor";

    private final KubernetesClient client;
    private final IntFunction<String> namespaceOf;

    ClusterFloor(KubernetesClient client, IntFunction<String> namespaceOf) {
        this.client = client;
        this.namespaceOf = namespaceOf;
    }

    /** Milliseconds from the first create until every Deployment had a replica available. */
    long measure(int endpoints, int clients, long timeoutMinutes) throws InterruptedException {
        long start = System.nanoTime();
        ConcurrentCreates.run(endpoints, clients, n -> {
            client.resource(deployment(namespaceOf.apply(n), "floor-" + n)).create();
            client.resource(service(namespaceOf.apply(n), "floor-" + n)).create();
        });
        try (SharedIndexInformer<Deployment> deployments =
                client.apps().deployments().inAnyNamespace().withLabel(LABEL).inform()) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes);
            while (System.nanoTime() < deadline) {
                long available = deployments.getStore().list().stream()
                        .filter(d -> d.getStatus() != null
                                && d.getStatus().getAvailableReplicas() != null
                                && d.getStatus().getAvailableReplicas() >= 1)
                        .count();
                if (available == endpoints) {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(
                "the cluster alone did not make " + endpoints + " Deployments available in " + timeoutMinutes + " min");
    }

    /** Deletes the namespaces and waits until they are gone, so that the next measurement starts on an idle cluster. */
    static void deleteNamespaces(KubernetesClient client, List<String> namespaces, long timeoutMinutes) {
        namespaces.forEach(ns -> client.namespaces().withName(ns).delete());
        namespaces.forEach(ns -> client.namespaces()
                .withName(ns)
                .waitUntilCondition((Namespace gone) -> gone == null, timeoutMinutes, TimeUnit.MINUTES));
    }

    private static Deployment deployment(String namespace, String name) {
        Map<String, String> labels = Map.of("app", name, LABEL, "true");
        return new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .withMatchLabels(Map.of("app", name))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                // The namespaces enforce the restricted Pod Security Standard, as the receivers' do.
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(65532L)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName("receiver")
                .withImage("floor.invalid/receiver:1")
                .addNewPort()
                .withContainerPort(8080)
                .endPort()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Service service(String namespace, String name) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(Map.of(LABEL, "true"))
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", name))
                .addNewPort()
                .withPort(80)
                .withNewTargetPort(8080)
                .endPort()
                .endSpec()
                .build();
    }
}
