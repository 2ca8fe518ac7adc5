package dev.stripeoperator.operator.dependent;

import static dev.stripeoperator.contract.ReceiverSetting.DATABASE_URL;
import static dev.stripeoperator.contract.ReceiverSetting.ENABLED_EVENTS;
import static dev.stripeoperator.contract.ReceiverSetting.ENDPOINT_NAME;
import static dev.stripeoperator.contract.ReceiverSetting.LIVEMODE;

import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.contract.ReceiverSetting;
import dev.stripeoperator.contract.Settings;
import dev.stripeoperator.operator.OperatorConfig;
import dev.stripeoperator.operator.StripeWebhooks;
import dev.stripeoperator.operator.endpoint.ReceiverSpec;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/** Pod settings the receiver Deployment and the backfill CronJob share. */
final class PodSettings {

    static final String TMP_VOLUME = "tmp";

    private PodSettings() {
    }

    /** The settings both commands read: endpoint name, database, livemode and enabled events. */
    static List<EnvVar> commonEnv(StripeWebhookEndpoint endpoint) {
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
        return env;
    }

    /**
     * A restricted container of the receiver image running {@code command}, with the endpoint's image and resources or
     * the operator's defaults.
     */
    static ContainerBuilder receiverImageContainer(String name, ReceiverCommand command, StripeWebhookEndpoint endpoint,
            OperatorConfig config) {
        ReceiverSpec receiver = endpoint.getSpec().receiverOrDefaults();
        return new ContainerBuilder()
                .withName(name)
                .withImage(receiver.image() != null ? receiver.image() : config.receiverImage())
                .withImagePullPolicy(config.receiverImagePullPolicy())
                .withArgs(command.word())
                .withResources(receiver.resources() != null ? receiver.resources().toRequirements() : config.receiverResources())
                .withSecurityContext(containerSecurityContext());
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
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    /** Restricted container security: read-only root, no privilege escalation, all capabilities dropped. */
    static SecurityContext containerSecurityContext() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    /** The volume of the Stripe API key Secret, mounted at {@link ReceiverImage#API_KEY_DIR}. */
    static final String API_KEY_VOLUME = "stripe-api-key";

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
        return secretKeyVolume(API_KEY_VOLUME, ref, ReceiverImage.API_KEY_FILE_NAME);
    }

    static VolumeMount apiKeyMount() {
        return readOnlyMount(API_KEY_VOLUME, ReceiverImage.API_KEY_DIR);
    }

    /** A read-only mount of a volume. */
    static VolumeMount readOnlyMount(String name, String path) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(true).build();
    }

    /** A writable /tmp on a read-only root filesystem. */
    static Volume tmpVolume() {
        return new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build();
    }

    static VolumeMount tmpMount() {
        return new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build();
    }
}
