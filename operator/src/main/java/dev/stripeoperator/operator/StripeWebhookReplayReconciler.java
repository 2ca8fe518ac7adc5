package dev.stripeoperator.operator;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.dependent.ReplayJobDependent;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.inputs.ReplayInputs;
import dev.stripeoperator.operator.replay.ReplayStatus;
import dev.stripeoperator.operator.replay.StripeWebhookReplay;
import dev.stripeoperator.operator.status.ReplayRuns;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ContextInitializer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Runs each StripeWebhookReplay once: its Job, made when the endpoint it names exists, and a status read from the Job
 * and its pod's termination message.
 */
@ControllerConfiguration(name = StripeWebhookReplayReconciler.NAME)
@Workflow(dependents = @Dependent(name = ReplayJobDependent.NAME, type = ReplayJobDependent.class))
public class StripeWebhookReplayReconciler
        implements Reconciler<StripeWebhookReplay>, ContextInitializer<StripeWebhookReplay> {

    /** Name of the controller. */
    public static final String NAME = "stripewebhookreplay";
    /** Event source of the endpoints replays name, so that a replay waiting for its endpoint starts when it comes. */
    public static final String ENDPOINTS = "replay-endpoints";
    /** Event source of the pods of replay Jobs, whose termination messages become the replays' status. */
    public static final String REPLAY_PODS = "replay-pods";

    private static final String ENDPOINT_INDEX = "replay-endpoint";

    private final OperatorConfig config;
    private final Clock clock;

    /** Creates the reconciler; {@code clock} dates its conditions. */
    public StripeWebhookReplayReconciler(OperatorConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, StripeWebhookReplay>> prepareEventSources(
            EventSourceContext<StripeWebhookReplay> context) {
        context.getPrimaryCache()
                .addIndexer(
                        ENDPOINT_INDEX,
                        replay -> List.of(key(
                                replay.getMetadata().getNamespace(),
                                replay.getSpec().endpoint())));
        var endpoints = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(StripeWebhookEndpoint.class, StripeWebhookReplay.class)
                        .withName(ENDPOINTS)
                        .withSecondaryToPrimaryMapper(endpoint -> context
                                .getPrimaryCache()
                                .byIndex(
                                        ENDPOINT_INDEX,
                                        key(
                                                endpoint.getMetadata().getNamespace(),
                                                endpoint.getMetadata().getName()))
                                .stream()
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .withPrimaryToSecondaryMapper((StripeWebhookReplay replay) -> Set.of(new ResourceID(
                                replay.getSpec().endpoint(),
                                replay.getMetadata().getNamespace())))
                        .build(),
                context);
        // The pods belong to the Job, not to the replay: they are mapped back by the label naming it.
        var pods = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Pod.class, StripeWebhookReplay.class)
                        .withName(REPLAY_PODS)
                        .withLabelSelector(KubernetesApi.REPLAY_PODS_SELECTOR)
                        .withSecondaryToPrimaryMapper(pod -> Optional.ofNullable(
                                        pod.getMetadata().getLabels())
                                .map(labels -> labels.get(KubernetesApi.REPLAY_LABEL))
                                .map(name -> Set.of(
                                        new ResourceID(name, pod.getMetadata().getNamespace())))
                                .orElse(Set.of()))
                        .build(),
                context);
        return List.of(endpoints, pods);
    }

    @Override
    public void initContext(StripeWebhookReplay replay, Context<StripeWebhookReplay> context) {
        new ReplayInputs(clock.instant(), config, context.getSecondaryResource(StripeWebhookEndpoint.class))
                .attachTo(context);
    }

    @Override
    public UpdateControl<StripeWebhookReplay> reconcile(
            StripeWebhookReplay replay, Context<StripeWebhookReplay> context) {
        ReplayInputs inputs = ReplayInputs.of(context);
        ReplayStatus status = ReplayRuns.build(
                replay,
                inputs.endpoint().isPresent(),
                context.getSecondaryResource(Job.class),
                context.getSecondaryResources(Pod.class),
                inputs.now());
        if (Objects.equals(status, replay.getStatus())) {
            return UpdateControl.noUpdate();
        }
        replay.setStatus(status);
        return UpdateControl.patchStatus(replay);
    }

    private static String key(String namespace, String endpoint) {
        return namespace + "/" + endpoint;
    }
}
