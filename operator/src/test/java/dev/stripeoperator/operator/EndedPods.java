package dev.stripeoperator.operator;

import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What the Job controller and the kubelet leave for one run of a Job: a pod of the Job's template whose container
 * terminated with an exit code and a termination message. kwok runs no container, so tests make these pods: bound to a
 * node that no kwok controller manages, so that the status written here stays as the kubelet would leave it.
 */
final class EndedPods {

    private EndedPods() {}

    /** The pod {@code name} of the Job {@code jobName}, its container ended at {@code finishedAt}. */
    static Pod create(
            KubernetesClient client,
            String ns,
            String name,
            String jobName,
            PodTemplateSpec template,
            int exitCode,
            String message,
            String finishedAt) {
        Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels());
        labels.put("batch.kubernetes.io/job-name", jobName);
        labels.put("job-name", jobName);
        Pod pod = client.resource(new PodBuilder()
                        .withNewMetadata()
                        .withNamespace(ns)
                        .withName(name)
                        .withLabels(labels)
                        .endMetadata()
                        .withSpec(template.getSpec())
                        .editSpec()
                        .withNodeName("node-without-kwok")
                        .withNodeSelector(null)
                        .endSpec()
                        .build())
                .create();
        return client.resource(new PodBuilder(pod)
                        .withNewStatus()
                        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                        .addNewContainerStatus()
                        .withName(template.getSpec().getContainers().getFirst().getName())
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(exitCode)
                        .withReason(exitCode == 0 ? "Completed" : "Error")
                        .withMessage(message)
                        .withFinishedAt(finishedAt)
                        .endTerminated()
                        .endState()
                        .endContainerStatus()
                        .endStatus()
                        .build())
                .updateStatus();
    }
}
