package dev.stripeoperator.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.stripeoperator.operator.dependent.ReceiverDeploymentDependent;
import dev.stripeoperator.operator.dependent.ReceiverServiceDependent;
import dev.stripeoperator.operator.dependent.ReconcileCronJobDependent;
import dev.stripeoperator.operator.dependent.ReconciliationConfigured;
import dev.stripeoperator.operator.dependent.SigningKeys;
import dev.stripeoperator.operator.dependent.SigningSecretDependent;
import dev.stripeoperator.operator.dependent.SigningSecretSourceAvailable;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.operator.status.EndpointStatusFactory;
import dev.stripeoperator.operator.status.ErrorStatus;
import dev.stripeoperator.operator.status.ObservedChildren;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ContextInitializer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
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
 * Reconciles a StripeWebhookEndpoint into its signing Secret, receiver Deployment and Service and
 * reconcile CronJob, then reports what it observed in the status.
 */
@ControllerConfiguration(name = StripeWebhookEndpointReconciler.NAME)
@Workflow(dependents = {
    @Dependent(name = SigningSecretDependent.NAME, type = SigningSecretDependent.class,
            reconcilePrecondition = SigningSecretSourceAvailable.class),
    @Dependent(name = ReceiverDeploymentDependent.NAME, type = ReceiverDeploymentDependent.class,
            dependsOn = SigningSecretDependent.NAME),
    @Dependent(name = ReceiverServiceDependent.NAME, type = ReceiverServiceDependent.class),
    @Dependent(name = ReconcileCronJobDependent.NAME, type = ReconcileCronJobDependent.class,
            reconcilePrecondition = ReconciliationConfigured.class),
})
public class StripeWebhookEndpointReconciler
        implements Reconciler<StripeWebhookEndpoint>, ContextInitializer<StripeWebhookEndpoint> {

    /** Name of the controller. */
    public static final String NAME = "stripewebhookendpoint";
    /** Event source of the user-owned Secrets endpoints reference. */
    public static final String REFERENCED_SECRETS = "referenced-secrets";

    private static final String SECRET_INDEX = "referenced-secret-names";
    private static final Duration SOONEST_RESCHEDULE = Duration.ofSeconds(1);

    private final OperatorConfig config;
    private final Clock clock;

    /** Creates the reconciler; {@code clock} decides when rotated signing secrets expire. */
    public StripeWebhookEndpointReconciler(OperatorConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Watches every Secret in the watched namespaces and maps it to the endpoints that reference it by name. */
    @Override
    public List<EventSource<?, StripeWebhookEndpoint>> prepareEventSources(EventSourceContext<StripeWebhookEndpoint> context) {
        context.getPrimaryCache().addIndexer(SECRET_INDEX, endpoint -> ReferencedSecrets.namesReferencedBy(endpoint).stream()
                .map(name -> secretKey(endpoint.getMetadata().getNamespace(), name))
                .toList());
        var secrets = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Secret.class, StripeWebhookEndpoint.class)
                        .withName(REFERENCED_SECRETS)
                        .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                                .byIndex(SECRET_INDEX, secretKey(secret.getMetadata().getNamespace(), secret.getMetadata().getName()))
                                .stream()
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .build(),
                context);
        return List.of(secrets);
    }

    @Override
    public void initContext(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        @SuppressWarnings("unchecked")
        var secrets = (InformerEventSource<Secret, StripeWebhookEndpoint>)
                context.eventSourceRetriever().getEventSourceFor(Secret.class, REFERENCED_SECRETS);
        String namespace = endpoint.getMetadata().getNamespace();
        new ReconcileInputs(clock.instant(), config,
                ReferencedSecrets.resolve(endpoint, name -> secrets.get(new ResourceID(name, namespace))))
                .attachTo(context);
    }

    @Override
    public UpdateControl<StripeWebhookEndpoint> reconcile(StripeWebhookEndpoint endpoint, Context<StripeWebhookEndpoint> context) {
        ReconcileInputs inputs = ReconcileInputs.of(context);
        Optional<Secret> signingSecret = context.getSecondaryResource(Secret.class, SigningSecretDependent.NAME);
        StripeWebhookEndpointStatus status = EndpointStatusFactory.build(endpoint, inputs, new ObservedChildren(
                signingSecret,
                context.getSecondaryResource(Deployment.class),
                context.getSecondaryResource(CronJob.class)));

        UpdateControl<StripeWebhookEndpoint> control;
        if (Objects.equals(status, endpoint.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            endpoint.setStatus(status);
            control = UpdateControl.patchStatus(endpoint);
        }
        // Wake up when the previous signing secret expires, so that it is removed on time.
        Optional<Instant> expiry = signingSecret.map(SigningKeys::from).flatMap(SigningKeys::nextExpiry);
        if (expiry.isPresent()) {
            control.rescheduleAfter(max(Duration.between(inputs.now(), expiry.get()), SOONEST_RESCHEDULE));
        }
        return control;
    }

    @Override
    public ErrorStatusUpdateControl<StripeWebhookEndpoint> updateErrorStatus(StripeWebhookEndpoint endpoint,
            Context<StripeWebhookEndpoint> context, Exception e) {
        StripeWebhookEndpointStatus status = ErrorStatus.of(endpoint, clock.instant(), e);
        if (Objects.equals(status, endpoint.getStatus())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        endpoint.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(endpoint);
    }

    private static String secretKey(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
