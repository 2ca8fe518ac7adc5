package dev.stripeoperator.operator.dependent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.contract.EventSelection;
import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.operator.inputs.ReplayInputs;
import dev.stripeoperator.operator.replay.ReplaySelector;
import dev.stripeoperator.operator.replay.ReplaySpec;
import dev.stripeoperator.operator.replay.StripeWebhookReplay;
import dev.stripeoperator.operator.replay.TimeWindow;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

import static dev.stripeoperator.contract.ReceiverSetting.DATABASE_POOL_SIZE;

/**
 * Job {@code <name>-stripe-replay}: the receiver's {@code replay} or {@code discard} command with the replay's
 * selection, run once in a pod built as the endpoint's backfill pods are (its receiver image, database Secret, pod
 * settings and restricted security). Created once the endpoint exists and never again: not updated, not re-created
 * when gone, so that a replay runs exactly once; it goes with its StripeWebhookReplay.
 */
@KubernetesDependent(
        informer =
                @Informer(
                        labelSelector = KubernetesApi.MANAGED_BY_SELECTOR + "," + KubernetesApi.COMPONENT_LABEL + "="
                                + KubernetesApi.COMPONENT_REPLAY))
public class ReplayJobDependent extends KubernetesDependentResource<Job, StripeWebhookReplay>
        implements Creator<Job, StripeWebhookReplay>, GarbageCollected<StripeWebhookReplay> {

    /** Name of this dependent. */
    public static final String NAME = "replay-job";

    /** A replay that hangs (a database that stopped answering) is ended after this long. */
    private static final long RUN_DEADLINE_SECONDS = 3600;
    /** One run holds a snapshot and a writer: two connections. */
    private static final int REPLAY_POOL_SIZE = 2;

    /** Creates the dependent. */
    public ReplayJobDependent() {
        super(Job.class);
    }

    @Override
    public ReconcileResult<Job> reconcile(StripeWebhookReplay replay, Context<StripeWebhookReplay> context) {
        boolean started = replay.getStatus() != null && replay.getStatus().job() != null;
        if (started || ReplayInputs.of(context).endpoint().isEmpty()) {
            return ReconcileResult.noOperation(
                    getSecondaryResource(replay, context).orElse(null));
        }
        return super.reconcile(replay, context);
    }

    /** Found by name: {@code desired()} needs the endpoint, which may be gone. */
    @Override
    protected ResourceID targetSecondaryResourceID(StripeWebhookReplay replay, Context<StripeWebhookReplay> context) {
        return new ResourceID(replay.jobName(), replay.getMetadata().getNamespace());
    }

    @Override
    protected Job desired(StripeWebhookReplay replay, Context<StripeWebhookReplay> context) {
        return desired(replay, ReplayInputs.of(context));
    }

    /** The Job that runs {@code replay} on the pods of the endpoint it names, which {@code inputs} must have. */
    static Job desired(StripeWebhookReplay replay, ReplayInputs inputs) {
        StripeWebhookEndpoint endpoint = inputs.endpoint().orElseThrow();
        Map<String, String> labels =
                new LinkedHashMap<>(StripeWebhooks.labels(endpoint, KubernetesApi.COMPONENT_REPLAY));
        labels.put(KubernetesApi.REPLAY_LABEL, replay.getMetadata().getName());
        Map<String, String> selector =
                new LinkedHashMap<>(StripeWebhooks.selector(endpoint, KubernetesApi.COMPONENT_REPLAY));
        selector.put(KubernetesApi.REPLAY_LABEL, replay.getMetadata().getName());
        Job job = new JobBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(replay.jobName())
                        .withNamespace(replay.getMetadata().getNamespace())
                        .withLabels(labels)
                        .build())
                .withNewSpec()
                // One pod: a run that failed is looked at by a person, who creates another replay.
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(RUN_DEADLINE_SECONDS)
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                // The run needs no Kubernetes API: its summary leaves as the termination message.
                .withAutomountServiceAccountToken(false)
                .withSecurityContext(PodSettings.podSecurityContext())
                .withContainers(container(replay, endpoint, inputs.config()))
                .addToVolumes(PodSettings.tmpVolume())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        PodSettings.place(job.getSpec().getTemplate(), PodSettings.pod(endpoint, inputs.config()), selector);
        return job;
    }

    private static Container container(
            StripeWebhookReplay replay, StripeWebhookEndpoint endpoint, OperatorConfig config) {
        ReplaySpec spec = replay.getSpec();
        ReceiverCommand command =
                ReplaySpec.DISCARD.equals(spec.action()) ? ReceiverCommand.DISCARD : ReceiverCommand.REPLAY;
        List<EnvVar> env = PodSettings.commonEnv(endpoint, config);
        env.add(PodSettings.env(DATABASE_POOL_SIZE, Integer.toString(REPLAY_POOL_SIZE)));
        return PodSettings.receiverImageContainer(command.word(), command, endpoint, config)
                .addAllToArgs(arguments(replay))
                .withEnv(env)
                .addToVolumeMounts(PodSettings.tmpMount())
                .build();
    }

    /** The command's options after its word: the selection, who asks and why, and the dry run. */
    static List<String> arguments(StripeWebhookReplay replay) {
        ReplaySpec spec = replay.getSpec();
        ReplaySelector selector =
                spec.selector() == null ? new ReplaySelector(null, null, null, null, null) : spec.selector();
        List<String> args = new ArrayList<>();
        if (selector.ids() != null && !selector.ids().isEmpty()) {
            selector.ids().forEach(id -> args.addAll(List.of(EventSelection.ID, id)));
        } else {
            args.addAll(List.of(
                    EventSelection.STATUS,
                    selector.status() != null ? selector.status() : EventSelection.DEFAULT_STATUS.word()));
        }
        if (selector.types() != null) {
            selector.types().forEach(type -> args.addAll(List.of(EventSelection.TYPE, type)));
        }
        window(args, selector.received(), EventSelection.SINCE, EventSelection.UNTIL);
        window(args, selector.created(), EventSelection.CREATED_SINCE, EventSelection.CREATED_UNTIL);
        args.addAll(List.of(
                EventSelection.BY,
                "StripeWebhookReplay " + replay.getMetadata().getNamespace() + "/"
                        + replay.getMetadata().getName() + " (uid "
                        + replay.getMetadata().getUid() + ")"));
        if (spec.reason() != null) {
            args.addAll(List.of(EventSelection.REASON, spec.reason()));
        }
        if (spec.onlyReports()) {
            args.add(EventSelection.DRY_RUN);
        }
        return args;
    }

    private static void window(List<String> args, TimeWindow window, String since, String until) {
        if (window == null) {
            return;
        }
        if (window.since() != null) {
            args.addAll(List.of(since, window.since()));
        }
        if (window.until() != null) {
            args.addAll(List.of(until, window.until()));
        }
    }
}
