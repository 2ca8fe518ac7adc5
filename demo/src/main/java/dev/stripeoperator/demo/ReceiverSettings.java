package dev.stripeoperator.demo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import static dev.stripeoperator.contract.ReceiverSetting.SIGNING_SECRETS_DIR;

/**
 * The receiver container's settings as the operator's Deployment states them, resolved the way the kubelet
 * resolves them: plain values as written, {@code secretKeyRef} values read from their Secret.
 */
record ReceiverSettings(Map<String, String> env, String signingSecretName) {

    /** Reads the first container of the Deployment and the Secret mounted at its signing secrets directory. */
    static ReceiverSettings of(Deployment deployment, KubernetesClient client) {
        String namespace = deployment.getMetadata().getNamespace();
        var pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().getFirst();
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            env.put(variable.getName(), value(variable, namespace, client));
        }
        String mountPath = env.get(SIGNING_SECRETS_DIR.name());
        String volumeName = container.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(mountPath))
                .map(VolumeMount::getName)
                .findFirst()
                .orElseThrow(() -> new DemoFailure(
                        "the receiver container mounts nothing at " + SIGNING_SECRETS_DIR + "=" + mountPath));
        String secretName = pod.getVolumes().stream()
                .filter(v -> v.getName().equals(volumeName) && v.getSecret() != null)
                .map(Volume::getSecret)
                .map(s -> s.getSecretName())
                .findFirst()
                .orElseThrow(() -> new DemoFailure("volume " + volumeName + " is not a Secret volume"));
        return new ReceiverSettings(env, secretName);
    }

    private static String value(EnvVar variable, String namespace, KubernetesClient client) {
        if (variable.getValueFrom() == null) {
            return variable.getValue();
        }
        SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
        if (ref == null) {
            throw new DemoFailure("env " + variable.getName() + " comes from something other than a Secret");
        }
        Secret secret =
                client.secrets().inNamespace(namespace).withName(ref.getName()).get();
        if (secret == null || secret.getData() == null || !secret.getData().containsKey(ref.getKey())) {
            throw new DemoFailure("env " + variable.getName() + " needs Secret " + namespace + "/" + ref.getName()
                    + " key " + ref.getKey() + ", which does not exist");
        }
        return decode(secret.getData().get(ref.getKey()));
    }

    /** Prints the receiver container of the Deployment: image, args and environment (Secret values by reference). */
    static void print(Deployment deployment, java.io.PrintStream out) {
        Container container =
                deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        out.printf(
                "    container %s: image %s, args %s%n",
                container.getName(), container.getImage(), container.getArgs());
        for (EnvVar variable : container.getEnv()) {
            String shown =
                    variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null
                            ? "(from Secret "
                                    + variable.getValueFrom().getSecretKeyRef().getName() + ", key "
                                    + variable.getValueFrom().getSecretKeyRef().getKey() + ")"
                            : variable.getValue();
            out.printf("      %s=%s%n", variable.getName(), shown);
        }
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
