package dev.stripeoperator.helm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;

import static org.assertj.core.api.Assertions.assertThat;

/** Kubernetes objects parsed into fabric8's typed model from rendered multi-document YAML. */
record Manifests(List<HasMetadata> objects) {

    static Manifests parse(String yaml) {
        Object parsed = Serialization.unmarshal(yaml);
        // One document parses to the object itself, several to a list of them.
        List<?> documents = parsed instanceof List<?> list
                ? list
                : Stream.ofNullable(parsed).toList();
        return new Manifests(documents.stream()
                .filter(Objects::nonNull)
                .map(document -> {
                    if (!(document instanceof HasMetadata object)) {
                        throw new AssertionError("rendered a document that is not a Kubernetes object: " + document);
                    }
                    return object;
                })
                .toList());
    }

    /** The kinds of all objects, sorted, one entry per object. */
    List<String> kinds() {
        return objects.stream().map(HasMetadata::getKind).sorted().toList();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The only object of a type; fails when there is none or more than one. */
    <T extends HasMetadata> T only(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + type.getSimpleName() + " but rendered " + found.size()
                    + "; kinds: " + kinds());
        }
        return found.get(0);
    }

    /** The pod template of every workload (and every bare Pod), named by its owner for failure messages. */
    List<NamedPodSpec> podSpecs() {
        return objects.stream()
                .flatMap(object -> podTemplateOf(object)
                        .map(spec -> new NamedPodSpec(
                                object.getKind() + "/" + object.getMetadata().getName(), spec)))
                .toList();
    }

    private static Stream<PodSpec> podTemplateOf(HasMetadata object) {
        return switch (object) {
            case Pod pod -> Stream.of(pod.getSpec());
            case Deployment d -> Stream.of(d.getSpec().getTemplate().getSpec());
            case StatefulSet s -> Stream.of(s.getSpec().getTemplate().getSpec());
            case DaemonSet d -> Stream.of(d.getSpec().getTemplate().getSpec());
            case Job j -> Stream.of(j.getSpec().getTemplate().getSpec());
            case CronJob c ->
                Stream.of(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
            default -> Stream.empty();
        };
    }

    /** A pod spec with the name of the object that holds it. */
    /** The operator Deployment's pod. */
    PodSpec operatorPod() {
        return only(Deployment.class).getSpec().getTemplate().getSpec();
    }

    /** The operator Deployment's one container. */
    Container operatorContainer() {
        List<Container> containers = operatorPod().getContainers();
        assertThat(containers).extracting(Container::getName).containsExactly("operator");
        return containers.getFirst();
    }

    /** The operator container's environment by name ({@link #env}). */
    Map<String, String> operatorEnv() {
        return env(operatorContainer());
    }

    /** A container's environment by name; a downward-API value shows as fieldRef:path. */
    static Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            String value = variable.getValueFrom() != null
                    ? "fieldRef:" + variable.getValueFrom().getFieldRef().getFieldPath()
                    : variable.getValue() == null ? "" : variable.getValue();
            assertThat(env.put(variable.getName(), value))
                    .as("duplicate env " + variable.getName())
                    .isNull();
        }
        return env;
    }

    record NamedPodSpec(String owner, PodSpec spec) {}
}
