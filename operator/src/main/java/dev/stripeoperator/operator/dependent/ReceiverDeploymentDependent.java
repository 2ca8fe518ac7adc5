package dev.stripeoperator.operator.dependent;

import java.util.ArrayList;
import java.util.List;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.endpoint.OperatorVolumes;
import dev.stripeoperator.operator.endpoint.ReceiverSpec;
import dev.stripeoperator.operator.endpoint.Sink;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.operator.inputs.ReconcileInputs;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_FETCH_FULL_EVENT;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_SIGNING_KEYS_DIR;
import static dev.stripeoperator.contract.ReceiverSetting.MAX_BODY_BYTES;
import static dev.stripeoperator.contract.ReceiverSetting.PORT;
import static dev.stripeoperator.contract.ReceiverSetting.SIGNATURE_TOLERANCE_SECONDS;
import static dev.stripeoperator.contract.ReceiverSetting.SIGNING_SECRETS_DIR;
import static dev.stripeoperator.contract.ReceiverSetting.SINK_BEARER_TOKEN_FILE;
import static dev.stripeoperator.contract.ReceiverSetting.SINK_URL;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_API_KEY_FILE;
import static dev.stripeoperator.contract.ReceiverSetting.WEBHOOK_PATH;

/**
 * Deployment {@code <name>-stripe-receiver}: the receiver running {@code serve}. Its pod template changes
 * with the spec and with the database Secret (its uid and resourceVersion), never with the signing secrets or
 * forwarding keys, which the receiver re-reads from the mounted Secrets; it is not created or rolled while the
 * database URL is missing or empty.
 */
@KubernetesDependent(
        informer =
                @Informer(
                        labelSelector = KubernetesApi.MANAGED_BY_SELECTOR,
                        onUpdateFilter = ReceiverDeploymentChanges.class))
public class ReceiverDeploymentDependent extends DatabaseDependent<Deployment> {

    /** Name of this dependent. */
    public static final String NAME = "receiver-deployment";

    /** The liveness check reads in-memory figures only; this covers a JVM busy with a garbage collection. */
    private static final int LIVENESS_TIMEOUT_SECONDS = 3;
    /**
     * Pods wait this long after being marked for termination before they get SIGTERM, so that Services and
     * ingress controllers stop routing to them first.
     */
    private static final String PRE_STOP_PAUSE_SECONDS = "5";
    /**
     * The pause, the receiver's 2 s drain, requests in flight (up to 15 s) and deliveries in flight (the sink
     * timeout, 10 s by default) fit well within this.
     */
    private static final long TERMINATION_GRACE_SECONDS = 45;

    /** Creates the dependent. */
    public ReceiverDeploymentDependent() {
        super(Deployment.class, StripeWebhooks::receiverName);
    }

    @Override
    protected Deployment desired(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return desired(endpoint, ReconcileInputs.of(context));
    }

    /** The receiver Deployment of {@code endpoint}, with what this reconcile works from. */
    static Deployment desired(StripeWebhookEndpoint endpoint, ReconcileInputs inputs) {
        // Desired only while the database URL has a value (DatabaseDependent). The pods read it from the Secret only
        // when they start, so a new version of the Secret rolls them. Not a hash of the URL: it usually holds the
        // password, and whoever may read pods could test guesses against an unsalted hash; the version tells nothing.
        String databaseSecretVersion = inputs.secrets().database().secretVersion();
        Deployment deployment = new DeploymentBuilder()
                .withMetadata(
                        metadata(StripeWebhooks.receiverName(endpoint), endpoint, KubernetesApi.COMPONENT_RECEIVER))
                .withNewSpec()
                .withReplicas(replicas(endpoint))
                .withNewSelector()
                .withMatchLabels(StripeWebhooks.selector(endpoint, KubernetesApi.COMPONENT_RECEIVER))
                .endSelector()
                // Never below the desired count while rolling, so deliveries keep being acknowledged.
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0))
                .withMaxSurge(new IntOrString(1))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(StripeWebhooks.labels(endpoint, KubernetesApi.COMPONENT_RECEIVER))
                .addToAnnotations(KubernetesApi.DATABASE_SECRET_VERSION_ANNOTATION, databaseSecretVersion)
                .endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
                .withSecurityContext(PodSettings.podSecurityContext())
                .withContainers(receiverContainer(endpoint, inputs.config()))
                .addNewVolume()
                .withName(OperatorVolumes.SIGNING_SECRETS)
                .withNewSecret()
                .withSecretName(StripeWebhooks.signingSecretName(endpoint))
                .withDefaultMode(StripeWebhooks.SECRET_FILE_MODE)
                .endSecret()
                .endVolume()
                .addAllToVolumes(sinkVolumes(endpoint))
                .addToVolumes(PodSettings.tmpVolume())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        PodSettings.place(
                deployment.getSpec().getTemplate(),
                PodSettings.pod(endpoint, inputs.config()),
                StripeWebhooks.selector(endpoint, KubernetesApi.COMPONENT_RECEIVER));
        return deployment;
    }

    /** The fixed count, or none when an autoscaler owns it: server-side apply then leaves the field to the autoscaler. */
    private static Integer replicas(StripeWebhookEndpoint endpoint) {
        ReceiverSpec receiver = endpoint.getSpec().receiverOrDefaults();
        return receiver.autoscaling() == null ? receiver.replicasOrDefault() : null;
    }

    private static Container receiverContainer(StripeWebhookEndpoint endpoint, OperatorConfig config) {
        return PodSettings.receiverImageContainer("receiver", ReceiverCommand.SERVE, endpoint, config)
                .addNewPort()
                .withName(StripeWebhooks.HTTP_PORT_NAME)
                .withContainerPort(ReceiverImage.PORT)
                .withProtocol("TCP")
                .endPort()
                .withEnv(env(endpoint, config))
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath(ReceiverImage.READINESS_PATH)
                .withPort(new IntOrString(StripeWebhooks.HTTP_PORT_NAME))
                .endHttpGet()
                .withPeriodSeconds(5)
                .withTimeoutSeconds(ReceiverImage.READINESS_TIMEOUT_SECONDS)
                .withFailureThreshold(3)
                .endReadinessProbe()
                .withNewLivenessProbe()
                .withNewHttpGet()
                .withPath(ReceiverImage.LIVENESS_PATH)
                .withPort(new IntOrString(StripeWebhooks.HTTP_PORT_NAME))
                .endHttpGet()
                .withInitialDelaySeconds(30)
                .withPeriodSeconds(10)
                .withTimeoutSeconds(LIVENESS_TIMEOUT_SECONDS)
                .withFailureThreshold(3)
                .endLivenessProbe()
                .withNewLifecycle()
                .withNewPreStop()
                .withNewExec()
                .withCommand("sleep", PRE_STOP_PAUSE_SECONDS)
                .endExec()
                .endPreStop()
                .endLifecycle()
                .addNewVolumeMount()
                .withName(OperatorVolumes.SIGNING_SECRETS)
                .withMountPath(ReceiverImage.SIGNING_SECRETS_DIR)
                .withReadOnly(true)
                .endVolumeMount()
                .addAllToVolumeMounts(sinkMounts(endpoint))
                .addToVolumeMounts(PodSettings.tmpMount())
                .build();
    }

    /**
     * With a sink: the forwarding key Secret (re-read by the receiver, so a rotation rolls no pod) and, when asked
     * for, the user's Secret with the bearer token, its key published as the file {@code token}, and the one with the
     * API key that fetches full events, published as {@code key}.
     */
    private static List<Volume> sinkVolumes(StripeWebhookEndpoint endpoint) {
        Sink sink = forwardedSink(endpoint);
        List<Volume> volumes = new ArrayList<>();
        if (sink == null) {
            return volumes;
        }
        volumes.add(new VolumeBuilder()
                .withName(OperatorVolumes.FORWARDING_KEYS)
                .withNewSecret()
                .withSecretName(StripeWebhooks.forwardingSecretName(endpoint))
                .withDefaultMode(StripeWebhooks.SECRET_FILE_MODE)
                .endSecret()
                .build());
        if (sink.bearerTokenSecretRef() != null) {
            volumes.add(PodSettings.secretKeyVolume(
                    OperatorVolumes.SINK_TOKEN, sink.bearerTokenSecretRef(), ReceiverImage.SINK_TOKEN_FILE_NAME));
        }
        if (sink.fetchFullEvents() != null) {
            volumes.add(PodSettings.apiKeyVolume(sink.fetchFullEvents().apiKeySecretRef()));
        }
        return volumes;
    }

    private static List<VolumeMount> sinkMounts(StripeWebhookEndpoint endpoint) {
        Sink sink = forwardedSink(endpoint);
        List<VolumeMount> mounts = new ArrayList<>();
        if (sink == null) {
            return mounts;
        }
        mounts.add(PodSettings.readOnlyMount(OperatorVolumes.FORWARDING_KEYS, ReceiverImage.FORWARDING_KEYS_DIR));
        if (sink.bearerTokenSecretRef() != null) {
            mounts.add(PodSettings.readOnlyMount(OperatorVolumes.SINK_TOKEN, ReceiverImage.SINK_TOKEN_DIR));
        }
        if (sink.fetchFullEvents() != null) {
            mounts.add(PodSettings.apiKeyMount());
        }
        return mounts;
    }

    /**
     * The sink the receiver forwards to: null without one, and null for one the CRD refuses, stored before it did, that
     * would get its bearer token in clear. Without SINK_URL the receiver stores events as pending, and forwards them all
     * once the sink is fixed (SecretsReady, reason BearerTokenInClear, says so).
     */
    static Sink forwardedSink(StripeWebhookEndpoint endpoint) {
        Sink sink = endpoint.getSpec().sink();
        return sink == null || sink.sendsTokenInClear() ? null : sink;
    }

    private static List<EnvVar> env(StripeWebhookEndpoint endpoint, OperatorConfig config) {
        StripeWebhookEndpointSpec spec = endpoint.getSpec();
        ReceiverSpec receiver = spec.receiverOrDefaults();
        List<EnvVar> env = PodSettings.commonEnv(endpoint, config);
        env.add(0, PodSettings.env(PORT, Integer.toString(ReceiverImage.PORT)));
        env.add(1, PodSettings.env(WEBHOOK_PATH, StripeWebhooks.webhookPath(endpoint)));
        env.add(PodSettings.env(SIGNING_SECRETS_DIR, ReceiverImage.SIGNING_SECRETS_DIR));
        Sink sink = forwardedSink(endpoint);
        if (sink != null) {
            env.add(PodSettings.env(SINK_URL, sink.uri()));
            env.add(PodSettings.env(FORWARDING_SIGNING_KEYS_DIR, ReceiverImage.FORWARDING_KEYS_DIR));
            if (sink.bearerTokenSecretRef() != null) {
                env.add(PodSettings.env(
                        SINK_BEARER_TOKEN_FILE,
                        ReceiverImage.SINK_TOKEN_DIR + "/" + ReceiverImage.SINK_TOKEN_FILE_NAME));
            }
            if (sink.fetchFullEvents() != null) {
                env.add(PodSettings.env(FORWARDING_FETCH_FULL_EVENT, Boolean.toString(true)));
                env.add(PodSettings.env(STRIPE_API_KEY_FILE, ReceiverImage.API_KEY_FILE));
                env.addAll(PodSettings.stripeApiEnv(config));
            }
        }
        if (receiver.signatureToleranceSeconds() != null) {
            env.add(PodSettings.env(
                    SIGNATURE_TOLERANCE_SECONDS,
                    receiver.signatureToleranceSeconds().toString()));
        }
        if (receiver.maxBodyBytes() != null) {
            env.add(PodSettings.env(MAX_BODY_BYTES, receiver.maxBodyBytes().toString()));
        }
        env.addAll(PodSettings.forwardingEnv(endpoint, config));
        env.addAll(PodSettings.retentionEnv(endpoint, config));
        return env;
    }
}
