package dev.stripeoperator.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.stripe.exception.AuthenticationException;
import com.stripe.exception.StripeException;
import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.LogKey;
import dev.stripeoperator.contract.LogLine;
import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.dependent.AutoscalingConfigured;
import dev.stripeoperator.operator.dependent.BackfillConfigured;
import dev.stripeoperator.operator.dependent.BackfillCronJobDependent;
import dev.stripeoperator.operator.dependent.ForwardingKeyDependent;
import dev.stripeoperator.operator.dependent.GatewayApiInstalled;
import dev.stripeoperator.operator.dependent.HorizontalPodAutoscalerDependent;
import dev.stripeoperator.operator.dependent.HttpRouteDependent;
import dev.stripeoperator.operator.dependent.HttpRouteRequested;
import dev.stripeoperator.operator.dependent.IngressDependent;
import dev.stripeoperator.operator.dependent.IngressRequested;
import dev.stripeoperator.operator.dependent.NetworkPolicyDependent;
import dev.stripeoperator.operator.dependent.PodDisruptionBudgetDependent;
import dev.stripeoperator.operator.dependent.ReceiverDeploymentDependent;
import dev.stripeoperator.operator.dependent.ReceiverServiceDependent;
import dev.stripeoperator.operator.dependent.RunsSeveralReplicas;
import dev.stripeoperator.operator.dependent.SigningSecretDependent;
import dev.stripeoperator.operator.dependent.SigningSecretSourceAvailable;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.StripeManagement;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.operator.events.EndpointEvents;
import dev.stripeoperator.operator.events.EventRecorder;
import dev.stripeoperator.operator.exposure.ExposureClaims;
import dev.stripeoperator.operator.inputs.ReconcileInputs;
import dev.stripeoperator.operator.secrets.ReferencedSecretWatches;
import dev.stripeoperator.operator.secrets.ReferencedSecrets;
import dev.stripeoperator.operator.secrets.SecretValue;
import dev.stripeoperator.operator.secrets.SigningSecretData;
import dev.stripeoperator.operator.status.EndpointMetrics;
import dev.stripeoperator.operator.status.EndpointStatusFactory;
import dev.stripeoperator.operator.status.ErrorStatus;
import dev.stripeoperator.operator.status.ObservedChildren;
import dev.stripeoperator.operator.stripe.ExposureWait;
import dev.stripeoperator.operator.stripe.StripeEndpointRegistrar;
import dev.stripeoperator.operator.stripe.StripeRecord;
import dev.stripeoperator.operator.stripe.StripeRegistration;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ContextInitializer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Reconciles a StripeWebhookEndpoint into its signing Secret, forwarding key Secret, receiver Deployment, Service,
 * its namespace's receivers' NetworkPolicy, PodDisruptionBudget and HorizontalPodAutoscaler, backfill CronJob and
 * Ingress or HTTPRoute, then reports what it observed in the status.
 */
// Generation-aware processing would miss the rotate and release annotations: EndpointChanges lets them through.
@ControllerConfiguration(
        name = StripeWebhookEndpointReconciler.NAME,
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = EndpointChanges.class))
@Workflow(
        dependents = {
            @Dependent(
                    name = SigningSecretDependent.NAME,
                    type = SigningSecretDependent.class,
                    reconcilePrecondition = SigningSecretSourceAvailable.class),
            @Dependent(name = ForwardingKeyDependent.NAME, type = ForwardingKeyDependent.class),
            @Dependent(
                    name = ReceiverDeploymentDependent.NAME,
                    type = ReceiverDeploymentDependent.class,
                    dependsOn = {SigningSecretDependent.NAME, ForwardingKeyDependent.NAME}),
            @Dependent(name = ReceiverServiceDependent.NAME, type = ReceiverServiceDependent.class),
            @Dependent(
                    name = BackfillCronJobDependent.NAME,
                    type = BackfillCronJobDependent.class,
                    reconcilePrecondition = BackfillConfigured.class),
            @Dependent(
                    name = IngressDependent.NAME,
                    type = IngressDependent.class,
                    reconcilePrecondition = IngressRequested.class),
            @Dependent(
                    name = HttpRouteDependent.NAME,
                    type = HttpRouteDependent.class,
                    activationCondition = GatewayApiInstalled.class,
                    reconcilePrecondition = HttpRouteRequested.class),
            @Dependent(name = NetworkPolicyDependent.NAME, type = NetworkPolicyDependent.class),
            @Dependent(
                    name = PodDisruptionBudgetDependent.NAME,
                    type = PodDisruptionBudgetDependent.class,
                    reconcilePrecondition = RunsSeveralReplicas.class),
            @Dependent(
                    name = HorizontalPodAutoscalerDependent.NAME,
                    type = HorizontalPodAutoscalerDependent.class,
                    reconcilePrecondition = AutoscalingConfigured.class),
        })
public class StripeWebhookEndpointReconciler
        implements Reconciler<StripeWebhookEndpoint>,
                ContextInitializer<StripeWebhookEndpoint>,
                Cleaner<StripeWebhookEndpoint> {

    private static final Logger LOG = Logger.getLogger(StripeWebhookEndpointReconciler.class.getName());

    /** Name of the controller. */
    public static final String NAME = "stripewebhookendpoint";
    /** Event source of the user-owned Secrets endpoints reference. */
    public static final String REFERENCED_SECRETS = "referenced-secrets";
    /** Event source of the pods of backfill Jobs, whose termination messages become status.lastReconciliation. */
    public static final String BACKFILL_PODS = "backfill-pods";
    /** Event source of the endpoints' backfill and replay Jobs, shown while they run. */
    public static final String JOBS = "endpoint-jobs";

    private static final String SECRET_INDEX = "referenced-secret-names";
    private static final Duration SOONEST_RESCHEDULE = Duration.ofSeconds(1);
    /** A refused exposure looks again this often, in case the holder changed its host or path. */
    private static final Duration CONFLICT_RECHECK = Duration.ofMinutes(1);
    /**
     * An endpoint whose own Ingress or HTTPRoute does not route its URL yet looks again this soon: the workflow applies
     * them after Stripe is looked at, and an apply of the operator's own wakes no reconcile.
     */
    private static final Duration ROUTE_RECHECK = Duration.ofSeconds(2);
    /** How long a deletion waits for Stripe to delete its endpoints before it leaves them behind. */
    static final Duration CLEANUP_DEADLINE = Duration.ofHours(1);
    /** How often a waiting deletion tries Stripe again. */
    private static final Duration CLEANUP_RETRY = Duration.ofSeconds(30);

    private final OperatorConfig config;
    private final Clock clock;
    private final GatewayApi gatewayApi;
    private final EndpointMetrics metrics;
    private final EventRecorder events = EventRecorder.onThisHost();
    private final StripeEndpointRegistrar registrar;
    private final StripeRetirement retirement;

    /**
     * Creates the reconciler; {@code clock} decides when rotated signing secrets expire, {@code metrics} reports the
     * endpoints this controller caches.
     */
    public StripeWebhookEndpointReconciler(
            OperatorConfig config,
            ClusterIdentity identity,
            Clock clock,
            GatewayApi gatewayApi,
            EndpointMetrics metrics) {
        this.config = config;
        this.clock = clock;
        this.gatewayApi = gatewayApi;
        this.metrics = metrics;
        this.registrar =
                new StripeEndpointRegistrar(config.stripeApiBase(), config.stripeApiVersion(), identity.value());
        this.retirement = new StripeRetirement(registrar, events);
    }

    /**
     * Watches the user-owned Secrets endpoints reference (each by name, mapped back to the endpoints that reference
     * it), the pods of backfill Jobs, and the backfill and replay Jobs, mapped to their endpoint.
     */
    @Override
    public List<EventSource<?, StripeWebhookEndpoint>> prepareEventSources(
            EventSourceContext<StripeWebhookEndpoint> context) {
        context.getPrimaryCache()
                .addIndexer(SECRET_INDEX, endpoint -> List.copyOf(ReferencedSecretWatches.keysOf(endpoint)));
        context.getPrimaryCache().addIndexer(ExposureClaims.INDEX, ExposureClaims::requestedBy);
        metrics.readFrom(() -> context.getPrimaryCache().list());
        var secrets = new ReferencedSecretWatches(
                REFERENCED_SECRETS,
                context.getClient(),
                key -> context.getPrimaryCache().byIndex(SECRET_INDEX, key).stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()));
        // The pods belong to Jobs the CronJob made, not to the endpoint: they are mapped back by their labels.
        var backfillPods = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Pod.class, StripeWebhookEndpoint.class)
                        .withName(BACKFILL_PODS)
                        .withLabelSelector(KubernetesApi.BACKFILL_PODS_SELECTOR)
                        .withSecondaryToPrimaryMapper(pod -> StripeWebhooks.instanceOf(pod)
                                .map(name -> Set.of(
                                        new ResourceID(name, pod.getMetadata().getNamespace())))
                                .orElse(Set.of()))
                        .build(),
                context);
        // Backfill Jobs belong to the CronJob (or to nobody when started by hand), replay Jobs to their replay.
        var jobs = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Job.class, StripeWebhookEndpoint.class)
                        .withName(JOBS)
                        .withLabelSelector(KubernetesApi.JOBS_SELECTOR)
                        .withSecondaryToPrimaryMapper(job -> StripeWebhooks.instanceOf(job)
                                .map(name -> Set.of(
                                        new ResourceID(name, job.getMetadata().getNamespace())))
                                .orElse(Set.of()))
                        .build(),
                context);
        return List.of(secrets, backfillPods, jobs);
    }

    @Override
    public void initContext(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        var secrets = referencedSecrets(context);
        secrets.references(endpoint);
        String namespace = endpoint.getMetadata().getNamespace();
        Instant now = clock.instant();
        ReferencedSecrets referenced = ReferencedSecrets.resolve(endpoint, name -> secrets.get(namespace, name));
        ExposureClaims.Conflict conflict = ExposureClaims.conflictOf(
                        endpoint, context.getPrimaryCache(), other -> servedKeys(other, context))
                .orElse(null);
        // Stripe is brought to the spec before the workflow, which stores the secret Stripe answers.
        StripeRegistration registration = endpoint.getMetadata().getDeletionTimestamp() == null
                ? stripe(endpoint, context, referenced, conflict, name -> secrets.get(namespace, name), now)
                : null;
        new ReconcileInputs(now, config, referenced, gatewayApi.installed(context.getClient()), conflict, registration)
                .attachTo(context);
    }

    /**
     * Retires the Stripe endpoints the signing Secret records that the spec no longer manages, lets go of the API key
     * Secret once none needs it, and, managed, holds the key and brings Stripe to the spec once the exposure is the
     * endpoint's own. Answers the registration to report; null when there is nothing to report.
     */
    private StripeRegistration stripe(
            StripeWebhookEndpoint endpoint,
            Context<StripeWebhookEndpoint> context,
            ReferencedSecrets referenced,
            ExposureClaims.Conflict conflict,
            Function<String, Optional<Secret>> cachedSecret,
            Instant now) {
        boolean managed = endpoint.getSpec().isManaged();
        KubernetesClient client = context.getClient();
        // Unmanaged, the cached copy serves: its record only says what is left to retire.
        Optional<Secret> signingSecret = managed
                ? signingSecretAsStored(endpoint, context)
                : context.getSecondaryResource(Secret.class, SigningSecretDependent.NAME);
        StripeRecord recorded = StripeRecord.of(signingSecret);
        Optional<String> retire = StripeRetirement.reason(endpoint, recorded, registrar.clusterIdentity());
        if (retire.isPresent()) {
            Optional<StripeRegistration> retiring = retirement.retire(client, endpoint, recorded, retire.get(), now);
            if (retiring.isPresent()) {
                return retiring.get();
            }
            recorded = recorded.withoutEndpoints();
        }
        Optional<SecretKeyRef> needed =
                managed ? Optional.of(endpoint.getSpec().stripe().apiKeySecretRef()) : Optional.empty();
        Optional<SecretKeyRef> held = recorded.apiKeyRef();
        if (held.isPresent() && !held.map(SecretKeyRef::name).equals(needed.map(SecretKeyRef::name))) {
            ApiKeyHold.release(client, endpoint, held.get().name());
        }
        if (!managed) {
            return null;
        }
        if (referenced.stripeApiKey().present().isPresent()) {
            cachedSecret.apply(needed.get().name()).ifPresent(key -> ApiKeyHold.hold(client, endpoint, key));
        }
        return registrar.sync(
                endpoint,
                signingSecret,
                recorded,
                referenced.stripeApiKey().present(),
                exposureWait(endpoint, conflict, context),
                now);
    }

    /**
     * Why the endpoint's exposure is not yet its own and in place: its path is refused, another endpoint holds its host
     * and path, or its Ingress or HTTPRoute does not route them yet. Stripe is told of no URL before.
     */
    private static Optional<ExposureWait> exposureWait(
            StripeWebhookEndpoint endpoint, ExposureClaims.Conflict conflict, Context<StripeWebhookEndpoint> context) {
        Optional<String> refused = StripeWebhooks.pathRefusal(endpoint);
        if (refused.isPresent()) {
            return refused.map(reason -> new ExposureWait(reason, null));
        }
        if (conflict != null) {
            return Optional.of(new ExposureWait(conflict.message(), null));
        }
        List<String> served = servedKeys(endpoint, context);
        return ExposureClaims.requestedBy(endpoint).stream()
                .filter(key -> !served.contains(key))
                .findFirst()
                .map(key -> new ExposureWait(
                        "its " + (endpoint.getSpec().exposure().ingress() != null ? "Ingress" : "HTTPRoute")
                                + " does not route " + ExposureClaims.describe(key) + " yet",
                        ROUTE_RECHECK));
    }

    /**
     * The signing Secret as the API server has it, not as the cache last saw it: Stripe answers a secret only once, and
     * a Stripe endpoint whose secret a stale copy does not show would be taken for one whose secret is lost.
     */
    private static Optional<Secret> signingSecretAsStored(
            StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        return Optional.ofNullable(context.getClient()
                .secrets()
                .inNamespace(endpoint.getMetadata().getNamespace())
                .withName(StripeWebhooks.signingSecretName(endpoint))
                .get());
    }

    /**
     * Deletes the endpoint's Stripe endpoints before its finalizer goes, with the key that made them, then lets go of
     * the API key Secret it held for that; Stripe answering 404 counts as deleted. A key that is gone or that Stripe
     * refuses will never delete them: they are left behind at once. Other failures (429, 5xx, no answer) are tried
     * again with backoff for {@link #CLEANUP_DEADLINE}, or until the release annotation is set, then left behind:
     * an unreachable Stripe never blocks a namespace's deletion for good. Each endpoint left behind or let go of is
     * named in an Event and the log.
     */
    @Override
    public DeleteControl cleanup(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        Instant now = clock.instant();
        KubernetesClient client = context.getClient();
        StripeRecord recorded =
                StripeRecord.of(context.getSecondaryResource(Secret.class, SigningSecretDependent.NAME));
        boolean managed = endpoint.getSpec().isManaged();
        Optional<String> failure = Optional.empty();
        Optional<String> retire = managed
                ? StripeRetirement.reason(endpoint, recorded, registrar.clusterIdentity())
                : Optional.of("the endpoint is deleted").filter(why -> recorded.hasEndpoints());
        if (retire.isPresent()) {
            failure = retirement
                    .retire(client, endpoint, recorded, retire.get(), now)
                    .map(StripeRegistration::message);
        }
        if (failure.isEmpty() && managed) {
            failure = deleteManaged(endpoint, context, retire.isPresent() ? Set.of() : recorded.ids(), now);
        }
        if (failure.isPresent()) {
            Instant deadline =
                    Instant.parse(endpoint.getMetadata().getDeletionTimestamp()).plus(CLEANUP_DEADLINE);
            if (now.isBefore(deadline)) {
                return DeleteControl.noFinalizerRemoval()
                        .rescheduleAfter(max(min(Duration.between(now, deadline), CLEANUP_RETRY), SOONEST_RESCHEDULE));
            }
            retirement.leftBehind(
                    client,
                    endpoint,
                    String.join(",", knownIds(endpoint, recorded)),
                    "Stripe could not delete them for " + CLEANUP_DEADLINE.toMinutes() + " minutes: " + failure.get(),
                    now);
        }
        Stream.concat(
                        recorded.apiKeyRef().stream(),
                        Optional.ofNullable(endpoint.getSpec().stripe())
                                .map(StripeManagement::apiKeySecretRef)
                                .stream())
                .map(SecretKeyRef::name)
                .distinct()
                .forEach(name -> ApiKeyHold.release(client, endpoint, name));
        retirement.forget(endpoint);
        referencedSecrets(context).forget(endpoint);
        return DeleteControl.defaultDelete();
    }

    private static ReferencedSecretWatches referencedSecrets(Context<StripeWebhookEndpoint> context) {
        return (ReferencedSecretWatches)
                context.eventSourceRetriever().getEventSourceFor(Secret.class, REFERENCED_SECRETS);
    }

    /**
     * Deletes a managed endpoint's Stripe endpoints with the spec's key: those Stripe lists as its own and those the
     * signing Secret records ({@code recorded}). Answers why it failed, if it did and trying again may help.
     */
    private Optional<String> deleteManaged(
            StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context, Set<String> recorded, Instant now) {
        KubernetesClient client = context.getClient();
        String ids = String.join(",", knownIds(endpoint, StripeRecord.NONE));
        if (StripeRetirement.releaseAsked(endpoint)) {
            events.record(
                    client, endpoint, EndpointEvents.stripeEndpointsReleased(ids, "the endpoint is deleted"), now);
            return Optional.empty();
        }
        // initContext has run for this deletion too; the key is held until this is done.
        SecretValue apiKey = ReconcileInputs.of(context).secrets().stripeApiKey();
        if (apiKey.present().isEmpty()) {
            retirement.leftBehind(client, endpoint, ids, "no API key to delete them with: " + apiKey.message(), now);
            return Optional.empty();
        }
        try {
            int deleted = registrar.deleteAll(endpoint, apiKey.present().get(), recorded);
            LogLine.of("stripe")
                    .with(LogKey.ENDPOINT, StripeWebhooks.endpointName(endpoint))
                    .with(LogKey.OUTCOME, "deleted")
                    .with(LogKey.DELETED, deleted)
                    .log(LOG, Level.INFO);
            return Optional.empty();
        } catch (AuthenticationException e) {
            // A key Stripe refuses (401, and 403, whose exception is a kind of it) deletes nothing however long the
            // resource waits.
            retirement.leftBehind(
                    client,
                    endpoint,
                    ids,
                    StripeEndpointRegistrar.failure(endpoint, e, now, StripeRecord.NONE)
                            .message(),
                    now);
            return Optional.empty();
        } catch (StripeException e) {
            String message = StripeEndpointRegistrar.failure(endpoint, e, now, StripeRecord.NONE)
                    .message();
            LogLine.of("stripe")
                    .with(LogKey.ENDPOINT, StripeWebhooks.endpointName(endpoint))
                    .with(LogKey.OUTCOME, "delete_failed")
                    .with(LogKey.MESSAGE, message)
                    .log(LOG, Level.WARNING);
            return Optional.of(message);
        }
    }

    /** The Stripe endpoints the record and the status name, for the people told they are left behind. */
    private static Set<String> knownIds(StripeWebhookEndpoint endpoint, StripeRecord recorded) {
        Set<String> ids = new java.util.TreeSet<>(recorded.ids());
        Optional.ofNullable(endpoint.getStatus())
                .map(StripeWebhookEndpointStatus::stripe)
                .ifPresent(stripe -> Stream.of(stripe.endpointId(), stripe.previousEndpointId())
                        .filter(Objects::nonNull)
                        .forEach(ids::add));
        return ids;
    }

    @Override
    public UpdateControl<StripeWebhookEndpoint> reconcile(
            StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        ReconcileInputs inputs = ReconcileInputs.of(context);
        Optional<Secret> signingSecret = context.getSecondaryResource(Secret.class, SigningSecretDependent.NAME);
        Optional<Secret> forwardingKey = context.getSecondaryResource(Secret.class, ForwardingKeyDependent.NAME);
        StripeWebhookEndpointStatus status = EndpointStatusFactory.build(
                endpoint,
                inputs,
                new ObservedChildren(
                        signingSecret,
                        forwardingKey,
                        context.getSecondaryResource(Deployment.class),
                        context.getSecondaryResource(CronJob.class),
                        context.getSecondaryResource(Ingress.class),
                        httpRouteWatched(context) ? context.getSecondaryResource(HTTPRoute.class) : Optional.empty(),
                        context.getSecondaryResources(Pod.class),
                        context.getSecondaryResources(Job.class)));

        // Each Event marks a change of the status, so that one is recorded per change, never per reconcile.
        events.recordChange(context.getClient(), endpoint, status, inputs.now());
        UpdateControl<StripeWebhookEndpoint> control;
        if (Objects.equals(status, endpoint.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            endpoint.setStatus(status);
            control = UpdateControl.patchStatus(endpoint);
        }
        // Wake up when a previous signing secret or forwarding key expires, so it is removed on time; managed, when a
        // rotation falls due, a failed Stripe call is to be tried again or the route is to be looked at again; and
        // every CONFLICT_RECHECK while another endpoint holds the host and path: whichever comes first.
        Optional<Duration> wake = Stream.of(
                        Stream.of(signingSecret, forwardingKey)
                                .flatMap(Optional::stream)
                                .map(SigningSecretData::keys)
                                .flatMap(keys -> keys.nextExpiry().stream())
                                .map(expiry -> Duration.between(inputs.now(), expiry)),
                        inputs.registration().map(StripeRegistration::recheckAfter).stream(),
                        inputs.conflict().map(conflict -> CONFLICT_RECHECK).stream())
                .flatMap(Function.identity())
                .min(Duration::compareTo);
        wake.ifPresent(after -> control.rescheduleAfter(max(after, SOONEST_RESCHEDULE)));
        return control;
    }

    @Override
    public ErrorStatusUpdateControl<StripeWebhookEndpoint> updateErrorStatus(
            StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context, Exception e) {
        StripeWebhookEndpointStatus status = ErrorStatus.of(endpoint, clock.instant(), e);
        if (Objects.equals(status, endpoint.getStatus())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        endpoint.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(endpoint);
    }

    /** The host-and-path keys another endpoint's existing Ingress or HTTPRoute serves. */
    private static List<String> servedKeys(StripeWebhookEndpoint other, Context<StripeWebhookEndpoint> context) {
        ResourceID child = new ResourceID(
                StripeWebhooks.receiverName(other), other.getMetadata().getNamespace());
        List<String> keys = new java.util.ArrayList<>();
        for (var source : context.eventSourceRetriever().getEventSourcesFor(Ingress.class)) {
            if (source instanceof InformerEventSource<Ingress, StripeWebhookEndpoint> informer) {
                informer.get(child).ifPresent(ingress -> keys.addAll(ExposureClaims.servedBy(ingress)));
            }
        }
        for (var source : context.eventSourceRetriever().getEventSourcesFor(HTTPRoute.class)) {
            if (source instanceof InformerEventSource<HTTPRoute, StripeWebhookEndpoint> informer) {
                informer.get(child).ifPresent(route -> keys.addAll(ExposureClaims.servedBy(route)));
            }
        }
        return keys;
    }

    /** HTTPRoutes are watched only while the Gateway API is installed. */
    private static boolean httpRouteWatched(Context<StripeWebhookEndpoint> context) {
        return !context.eventSourceRetriever()
                .getEventSourcesFor(HTTPRoute.class)
                .isEmpty();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
