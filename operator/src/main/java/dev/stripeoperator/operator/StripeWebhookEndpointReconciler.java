package dev.stripeoperator.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.stripe.exception.AuthenticationException;
import com.stripe.exception.StripeException;
import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.LogKey;
import dev.stripeoperator.contract.LogLine;
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
import dev.stripeoperator.operator.dependent.SigningKeys;
import dev.stripeoperator.operator.dependent.SigningSecretDependent;
import dev.stripeoperator.operator.dependent.SigningSecretSourceAvailable;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.operator.events.EventRecorder;
import dev.stripeoperator.operator.status.EndpointMetrics;
import dev.stripeoperator.operator.status.EndpointStatusFactory;
import dev.stripeoperator.operator.status.ErrorStatus;
import dev.stripeoperator.operator.status.ObservedChildren;
import dev.stripeoperator.operator.stripe.StripeEndpointRegistrar;
import dev.stripeoperator.operator.stripe.StripeRegistration;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
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
 * Reconciles a StripeWebhookEndpoint into its signing Secret, forwarding key Secret, receiver Deployment, Service, NetworkPolicy,
 * PodDisruptionBudget and HorizontalPodAutoscaler, backfill CronJob and Ingress or HTTPRoute, then reports
 * what it observed in the status.
 */
@ControllerConfiguration(name = StripeWebhookEndpointReconciler.NAME)
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

    private static final String SECRET_INDEX = "referenced-secret-names";
    private static final Duration SOONEST_RESCHEDULE = Duration.ofSeconds(1);
    /** A refused exposure looks again this often, in case the holder changed its host or path. */
    private static final Duration CONFLICT_RECHECK = Duration.ofMinutes(1);

    private final OperatorConfig config;
    private final Clock clock;
    private final GatewayApi gatewayApi;
    private final EndpointMetrics metrics;
    private final EventRecorder events = EventRecorder.onThisHost();
    private final StripeEndpointRegistrar registrar;

    /**
     * Creates the reconciler; {@code clock} decides when rotated signing secrets expire, {@code metrics} reports the
     * endpoints this controller caches.
     */
    public StripeWebhookEndpointReconciler(
            OperatorConfig config, Clock clock, GatewayApi gatewayApi, EndpointMetrics metrics) {
        this.config = config;
        this.clock = clock;
        this.gatewayApi = gatewayApi;
        this.metrics = metrics;
        this.registrar =
                new StripeEndpointRegistrar(config.stripeApiBase(), config.stripeApiVersion(), config.clusterName());
    }

    /**
     * Watches the user-owned Secrets endpoints reference (each by name, mapped back to the endpoints that reference
     * it), and the pods of backfill Jobs, mapped to their endpoint.
     */
    @Override
    public List<EventSource<?, StripeWebhookEndpoint>> prepareEventSources(
            EventSourceContext<StripeWebhookEndpoint> context) {
        context.getPrimaryCache()
                .addIndexer(
                        SECRET_INDEX,
                        endpoint -> ReferencedSecrets.namesReferencedBy(endpoint).stream()
                                .map(name -> ReferencedSecretWatches.key(
                                        endpoint.getMetadata().getNamespace(), name))
                                .toList());
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
        return List.of(secrets, backfillPods);
    }

    @Override
    public void initContext(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        var secrets = (ReferencedSecretWatches)
                context.eventSourceRetriever().getEventSourceFor(Secret.class, REFERENCED_SECRETS);
        secrets.retainReferenced();
        String namespace = endpoint.getMetadata().getNamespace();
        Instant now = clock.instant();
        ReferencedSecrets referenced = ReferencedSecrets.resolve(endpoint, name -> secrets.get(namespace, name));
        // Managed: Stripe is brought to the spec before the workflow, which stores the secret Stripe answers.
        StripeRegistration registration =
                endpoint.getSpec().isManaged() && endpoint.getMetadata().getDeletionTimestamp() == null
                        ? registrar.sync(
                                endpoint,
                                signingSecretAsStored(endpoint, context),
                                referenced.stripeApiKey().present(),
                                now)
                        : null;
        new ReconcileInputs(
                        now,
                        config,
                        referenced,
                        gatewayApi.installed(context.getClient()),
                        ExposureClaims.conflictOf(
                                        endpoint, context.getPrimaryCache(), other -> servedKeys(other, context))
                                .orElse(null),
                        registration)
                .attachTo(context);
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
     * Deletes a managed endpoint's Stripe endpoints before the finalizer goes; Stripe answering 404 counts as deleted.
     * Without a usable API key (deleted with the namespace, or refused by Stripe) the finalizer goes anyway, leaving
     * the Stripe endpoints, which the log names, rather than blocking the deletion for good; 429, 5xx and network
     * errors are tried again with backoff.
     */
    @Override
    public DeleteControl cleanup(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        if (!endpoint.getSpec().isManaged()) {
            return DeleteControl.defaultDelete();
        }
        // initContext has run for this deletion too.
        Optional<String> apiKey =
                ReconcileInputs.of(context).secrets().stripeApiKey().present();
        LogLine line = LogLine.of("stripe").with(LogKey.ENDPOINT, StripeWebhooks.endpointName(endpoint));
        if (apiKey.isEmpty()) {
            line.with(LogKey.OUTCOME, "left_in_stripe")
                    .with(
                            LogKey.MESSAGE,
                            "no API key to delete the Stripe endpoints with: "
                                    + Optional.ofNullable(endpoint.getStatus())
                                            .map(StripeWebhookEndpointStatus::stripe)
                                            .map(s -> s.endpointId()
                                                    + (s.previousEndpointId() == null
                                                            ? ""
                                                            : "," + s.previousEndpointId()))
                                            .orElse("unknown ids"))
                    .log(LOG, Level.WARNING);
            return DeleteControl.defaultDelete();
        }
        try {
            int deleted = registrar.deleteAll(
                    endpoint,
                    apiKey.get(),
                    StripeEndpointRegistrar.recordedIn(
                            context.getSecondaryResource(Secret.class, SigningSecretDependent.NAME)));
            line.with(LogKey.OUTCOME, "deleted").with(LogKey.DELETED, deleted).log(LOG, Level.INFO);
            return DeleteControl.defaultDelete();
        } catch (StripeException e) {
            StripeRegistration failure = StripeEndpointRegistrar.failure(endpoint, e, clock.instant());
            if (e instanceof AuthenticationException) {
                // A key Stripe refuses will not delete anything however long the resource waits (401, and 403,
                // whose exception is a kind of it): the deletion goes ahead.
                line.with(LogKey.OUTCOME, "left_in_stripe")
                        .with(LogKey.MESSAGE, failure.message())
                        .log(LOG, Level.WARNING);
                return DeleteControl.defaultDelete();
            }
            line.with(LogKey.OUTCOME, "delete_failed")
                    .with(LogKey.MESSAGE, failure.message())
                    .log(LOG, Level.WARNING);
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(failure.recheckAfter());
        }
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
                        context.getSecondaryResources(Pod.class)));

        // Each Event marks a change of the status, so that one is recorded per change, never per reconcile.
        events.recordChange(context.getClient(), endpoint, status, inputs.now());
        UpdateControl<StripeWebhookEndpoint> control;
        if (Objects.equals(status, endpoint.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            endpoint.setStatus(status);
            control = UpdateControl.patchStatus(endpoint);
        }
        // Wake up when a previous signing secret or forwarding key expires, so it is removed on time, and, managed,
        // when
        // a rotation falls due or a failed Stripe call is to be tried again: whichever comes first.
        Optional<Duration> wake = Stream.concat(
                        Stream.of(signingSecret, forwardingKey)
                                .flatMap(Optional::stream)
                                .map(SigningKeys::from)
                                .flatMap(keys -> keys.nextExpiry().stream())
                                .map(expiry -> Duration.between(inputs.now(), expiry)),
                        inputs.registration().map(StripeRegistration::recheckAfter).stream())
                .min(Duration::compareTo);
        if (wake.isPresent()) {
            control.rescheduleAfter(max(wake.get(), SOONEST_RESCHEDULE));
        } else if (inputs.conflict().isPresent()) {
            control.rescheduleAfter(CONFLICT_RECHECK);
        }
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
}
