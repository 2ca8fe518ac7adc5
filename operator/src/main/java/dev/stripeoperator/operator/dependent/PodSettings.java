package dev.stripeoperator.operator.dependent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import dev.stripeoperator.contract.LogFormat;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.contract.ReceiverSetting;
import dev.stripeoperator.contract.Settings;
import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.endpoint.ForwardingSpec;
import dev.stripeoperator.operator.endpoint.OperatorVolumes;
import dev.stripeoperator.operator.endpoint.ReceiverPod;
import dev.stripeoperator.operator.endpoint.ReceiverSpec;
import dev.stripeoperator.operator.endpoint.Retention;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

import static dev.stripeoperator.contract.ReceiverSetting.DATABASE_URL;
import static dev.stripeoperator.contract.ReceiverSetting.ENABLED_EVENTS;
import static dev.stripeoperator.contract.ReceiverSetting.ENDPOINT_NAME;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_BACKOFF_BASE;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_BACKOFF_MAX;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_CONCURRENCY;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_MAX_ATTEMPTS;
import static dev.stripeoperator.contract.ReceiverSetting.LIVEMODE;
import static dev.stripeoperator.contract.ReceiverSetting.LOG_FORMAT;
import static dev.stripeoperator.contract.ReceiverSetting.RETENTION_DAYS;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_API_BASE;

/** Pod settings the receiver Deployment and the backfill CronJob share. */
final class PodSettings {

    private PodSettings() {}

    /**
     * The settings both commands read: endpoint name, database, livemode and enabled events, and the operator's own log
     * format when it is not the default, so that one installation logs in one format.
     */
    static List<EnvVar> commonEnv(StripeWebhookEndpoint endpoint, OperatorConfig config) {
        StripeWebhookEndpointSpec spec = endpoint.getSpec();
        List<EnvVar> env = new ArrayList<>();
        env.add(env(ENDPOINT_NAME, StripeWebhooks.endpointName(endpoint)));
        env.add(new EnvVarBuilder()
                .withName(DATABASE_URL.name())
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName(spec.database().urlSecretRef().name())
                .withKey(spec.database().urlSecretRef().key())
                .endSecretKeyRef()
                .endValueFrom()
                .build());
        if (spec.livemode() != null) {
            env.add(env(LIVEMODE, spec.livemode().toString()));
        }
        if (spec.enabledEvents() != null && !spec.enabledEvents().isEmpty()) {
            env.add(env(ENABLED_EVENTS, Settings.joined(spec.enabledEvents())));
        }
        if (config.logFormat() != LogFormat.TEXT) {
            env.add(env(LOG_FORMAT, config.logFormat().word()));
        }
        return env;
    }

    /**
     * A restricted container of the receiver image running {@code command}, with the endpoint's image and resources or
     * the operator's defaults.
     */
    static ContainerBuilder receiverImageContainer(
            String name, ReceiverCommand command, StripeWebhookEndpoint endpoint, OperatorConfig config) {
        ReceiverSpec receiver = endpoint.getSpec().receiverOrDefaults();
        return new ContainerBuilder()
                .withName(name)
                .withImage(receiver.image() != null ? receiver.image() : config.receiverImage())
                .withImagePullPolicy(config.receiverImagePullPolicy())
                .withArgs(command.word())
                .withResources(
                        receiver.resources() != null
                                ? receiver.resources().toRequirements()
                                : config.receiverResources())
                .withSecurityContext(containerSecurityContext());
    }

    /**
     * The endpoint's pod settings over the operator's defaults: its lists replace, its map keys, env and volume names
     * and mount paths win.
     */
    static ReceiverPod pod(StripeWebhookEndpoint endpoint, OperatorConfig config) {
        ReceiverPod own = Optional.ofNullable(
                        endpoint.getSpec().receiverOrDefaults().pod())
                .orElse(ReceiverPod.NONE);
        ReceiverPod fallback = config.receiverDefaults().pod();
        return new ReceiverPod(
                either(own.imagePullSecrets(), fallback.imagePullSecrets()),
                merged(fallback.nodeSelector(), own.nodeSelector()),
                either(own.tolerations(), fallback.tolerations()),
                either(own.affinity(), fallback.affinity()),
                either(own.topologySpreadConstraints(), fallback.topologySpreadConstraints()),
                either(own.priorityClassName(), fallback.priorityClassName()),
                merged(fallback.annotations(), own.annotations()),
                merged(fallback.labels(), own.labels()),
                mergedBy(EnvVar::getName, fallback.env(), own.env()),
                either(own.serviceAccountName(), fallback.serviceAccountName()),
                mergedBy(Volume::getName, fallback.volumes(), own.volumes()),
                mergedBy(VolumeMount::getMountPath, fallback.volumeMounts(), own.volumeMounts()));
    }

    /**
     * Puts the pod settings on a pod template whose metadata, selector labels, containers and own volumes are set: the
     * operator's labels and annotations win over the settings', the extra environment, volumes and mounts follow each
     * container's and the pod's own, and a spread constraint without a label selector spreads the pods that
     * {@code selector} selects.
     */
    static void place(PodTemplateSpec template, ReceiverPod pod, Map<String, String> selector) {
        template.getMetadata()
                .setLabels(merged(pod.labels(), template.getMetadata().getLabels()));
        template.getMetadata()
                .setAnnotations(merged(pod.annotations(), template.getMetadata().getAnnotations()));
        PodSpec spec = template.getSpec();
        spec.setImagePullSecrets(Optional.ofNullable(pod.imagePullSecrets()).orElse(List.of()));
        spec.setNodeSelector(pod.nodeSelector());
        spec.setTolerations(Optional.ofNullable(pod.tolerations()).orElse(List.of()));
        spec.setAffinity(pod.affinity());
        spec.setTopologySpreadConstraints(
                Optional.ofNullable(pod.topologySpreadConstraints())
                        .orElse(List.<TopologySpreadConstraint>of())
                        .stream()
                        .map(constraint -> constraint.getLabelSelector() != null
                                ? constraint
                                : new TopologySpreadConstraintBuilder(constraint)
                                        .withNewLabelSelector()
                                        .withMatchLabels(selector)
                                        .endLabelSelector()
                                        .build())
                        .toList());
        spec.setPriorityClassName(pod.priorityClassName());
        spec.setServiceAccountName(pod.serviceAccountName());
        if (pod.env() != null) {
            spec.getContainers().forEach(container -> container.getEnv().addAll(pod.env()));
        }
        if (pod.volumes() != null) {
            spec.getVolumes().addAll(pod.volumes());
        }
        if (pod.volumeMounts() != null) {
            spec.getContainers()
                    .forEach(container -> container.getVolumeMounts().addAll(pod.volumeMounts()));
        }
    }

    /**
     * The Stripe API the operator talks to, for the pods that call Stripe too (the backfill, the full-event fetch), when
     * it is not Stripe's own: an egress proxy or a test stand-in must serve the whole installation, not the operator alone.
     */
    static List<EnvVar> stripeApiEnv(OperatorConfig config) {
        return config.stripeApiBase().equals(OperatorConfig.DEFAULT_STRIPE_API_BASE)
                ? List.of()
                : List.of(env(STRIPE_API_BASE, config.stripeApiBase()));
    }

    /** The forwarding settings of the endpoint over the operator's defaults, as receiver settings; unset ones omitted. */
    static List<EnvVar> forwardingEnv(StripeWebhookEndpoint endpoint, OperatorConfig config) {
        ForwardingSpec own = Optional.ofNullable(
                        endpoint.getSpec().receiverOrDefaults().forwarding())
                .orElse(ForwardingSpec.NONE);
        ForwardingSpec fallback = config.receiverDefaults().forwarding();
        List<EnvVar> env = new ArrayList<>();
        Optional.ofNullable(either(own.maxAttempts(), fallback.maxAttempts()))
                .ifPresent(v -> env.add(env(FORWARDING_MAX_ATTEMPTS, v.toString())));
        Optional.ofNullable(either(own.backoffBase(), fallback.backoffBase()))
                .ifPresent(v -> env.add(env(FORWARDING_BACKOFF_BASE, v)));
        Optional.ofNullable(either(own.backoffMax(), fallback.backoffMax()))
                .ifPresent(v -> env.add(env(FORWARDING_BACKOFF_MAX, v)));
        Optional.ofNullable(either(own.concurrency(), fallback.concurrency()))
                .ifPresent(v -> env.add(env(FORWARDING_CONCURRENCY, v.toString())));
        return env;
    }

    /** The endpoint's retention over the operator's default, as RETENTION_DAYS; none when both leave it unset. */
    static List<EnvVar> retentionEnv(StripeWebhookEndpoint endpoint, OperatorConfig config) {
        return Optional.ofNullable(either(
                        endpoint.getSpec().retention(),
                        config.receiverDefaults().retention()))
                .map(retention -> List.of(env(RETENTION_DAYS, Integer.toString(Retention.days(retention)))))
                .orElse(List.of());
    }

    private static <T> T either(T own, T fallback) {
        return own != null ? own : fallback;
    }

    /** {@code base} with {@code over}'s entries on top; null when both are empty. */
    private static Map<String, String> merged(Map<String, String> base, Map<String, String> over) {
        Map<String, String> merged = new TreeMap<>();
        Optional.ofNullable(base).ifPresent(merged::putAll);
        Optional.ofNullable(over).ifPresent(merged::putAll);
        return merged.isEmpty() ? null : merged;
    }

    /** {@code base} with {@code over}'s entries replacing those of the same key, in place; null when both are empty. */
    private static <T> List<T> mergedBy(Function<T, String> key, List<T> base, List<T> over) {
        Map<String, T> byKey = new LinkedHashMap<>();
        Optional.ofNullable(base).ifPresent(list -> list.forEach(e -> byKey.put(key.apply(e), e)));
        Optional.ofNullable(over).ifPresent(list -> list.forEach(e -> byKey.put(key.apply(e), e)));
        return byKey.isEmpty() ? null : List.copyOf(byKey.values());
    }

    /** A plain environment value of a receiver setting. */
    static EnvVar env(ReceiverSetting setting, String value) {
        return new EnvVarBuilder().withName(setting.name()).withValue(value).build();
    }

    /**
     * Restricted pod security: non-root, RuntimeDefault seccomp. The kubelet writes Secret volume files owned by
     * root; {@code fsGroup} makes them group-owned by the receiver's user, which the volumes' mode lets read.
     */
    static PodSecurityContext podSecurityContext() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(ReceiverImage.USER)
                .withRunAsGroup(ReceiverImage.USER)
                .withFsGroup(ReceiverImage.USER)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build();
    }

    /** Restricted container security: read-only root, no privilege escalation, all capabilities dropped. */
    static SecurityContext containerSecurityContext() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build();
    }

    /** A volume with one key of a user's Secret published as the file {@code fileName}, readable by the pod's group. */
    static Volume secretKeyVolume(String name, SecretKeyRef ref, String fileName) {
        return new VolumeBuilder()
                .withName(name)
                .withNewSecret()
                .withSecretName(ref.name())
                .addNewItem()
                .withKey(ref.key())
                .withPath(fileName)
                .endItem()
                .withDefaultMode(StripeWebhooks.SECRET_FILE_MODE)
                .endSecret()
                .build();
    }

    /** The Stripe API key Secret's key as the file {@link ReceiverImage#API_KEY_FILE}, with {@link #apiKeyMount()}. */
    static Volume apiKeyVolume(SecretKeyRef ref) {
        return secretKeyVolume(OperatorVolumes.STRIPE_API_KEY, ref, ReceiverImage.API_KEY_FILE_NAME);
    }

    static VolumeMount apiKeyMount() {
        return readOnlyMount(OperatorVolumes.STRIPE_API_KEY, ReceiverImage.API_KEY_DIR);
    }

    /** A read-only mount of a volume. */
    static VolumeMount readOnlyMount(String name, String path) {
        return new VolumeMountBuilder()
                .withName(name)
                .withMountPath(path)
                .withReadOnly(true)
                .build();
    }

    /** A writable /tmp on a read-only root filesystem. */
    static Volume tmpVolume() {
        return new VolumeBuilder()
                .withName(OperatorVolumes.TMP)
                .withNewEmptyDir()
                .endEmptyDir()
                .build();
    }

    static VolumeMount tmpMount() {
        return new VolumeMountBuilder()
                .withName(OperatorVolumes.TMP)
                .withMountPath(ReceiverImage.TMP_DIR)
                .build();
    }
}
