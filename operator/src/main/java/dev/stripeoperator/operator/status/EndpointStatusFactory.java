package dev.stripeoperator.operator.status;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.stripeoperator.contract.Fingerprint;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.contract.SigningKeys;
import dev.stripeoperator.contract.SigningSecretFiles;
import dev.stripeoperator.operator.endpoint.ConditionReason;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.EndpointConditions;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.ForwardingKeyStatus;
import dev.stripeoperator.operator.endpoint.HttpRouteExposure;
import dev.stripeoperator.operator.endpoint.IngressExposure;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.SigningSecretsStatus;
import dev.stripeoperator.operator.endpoint.StripeEndpointStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.operator.inputs.ReconcileInputs;
import dev.stripeoperator.operator.secrets.SecretValue;
import dev.stripeoperator.operator.secrets.SigningSecretData;
import dev.stripeoperator.operator.stripe.StripeRegistration;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Builds an endpoint's status from scratch out of its spec, referenced Secrets and observed children. */
public final class EndpointStatusFactory {

    private EndpointStatusFactory() {}

    /** The status the endpoint should show now. */
    public static StripeWebhookEndpointStatus build(
            StripeWebhookEndpoint endpoint, ReconcileInputs inputs, ObservedChildren children) {
        Optional<StripeWebhookEndpointStatus> previous = Optional.ofNullable(endpoint.getStatus());
        long generation = endpoint.getMetadata().getGeneration() == null
                ? 0
                : endpoint.getMetadata().getGeneration();
        Conditions conditions = new Conditions(
                previous.map(StripeWebhookEndpointStatus::conditions).orElse(List.of()), generation, inputs.now());

        secretsReady(conditions, inputs.secrets().problems());
        receiverAvailable(conditions, children.deployment(), inputs.secrets().database());
        reconciliationScheduled(
                conditions,
                endpoint.getSpec().reconciliation(),
                children.cronJob().isPresent());
        reconciliationScoped(conditions, endpoint.getSpec(), inputs.backfillStripeEndpointId(endpoint));
        RunningJobs running = new RunningJobs(children.jobs());
        if (endpoint.getSpec().reconciliation() != null) {
            running.backfill(conditions);
        }
        running.replay(conditions);
        String url = exposed(conditions, endpoint, inputs, children);
        inputs.registration()
                .ifPresent(registration ->
                        conditions.add(registration.reason(), registration.registered(), registration.message()));
        ready(
                conditions,
                endpoint.getSpec().reconciliation() != null,
                isExposureRequested(endpoint),
                endpoint.getSpec().isManaged());

        return new StripeWebhookEndpointStatus(
                generation,
                url,
                conditions.list(),
                children.signingSecret()
                        .map(SigningSecretData::keys)
                        .map(keys -> fingerprints(keys, SigningSecretsStatus::new))
                        .orElse(null),
                children.forwardingKey()
                        .map(SigningSecretData::keys)
                        .map(keys -> fingerprints(keys, ForwardingKeyStatus::new))
                        .orElse(null),
                BackfillRuns.latest(
                                children.backfillPods(), previous.map(StripeWebhookEndpointStatus::lastReconciliation))
                        .orElse(null),
                inputs.registration()
                        .map(registration ->
                                stripeEndpoint(registration, previous.map(StripeWebhookEndpointStatus::stripe)))
                        .orElse(null));
    }

    /** What Stripe answered; when it could not be asked, what it answered last. */
    private static StripeEndpointStatus stripeEndpoint(
            StripeRegistration registration, Optional<StripeEndpointStatus> last) {
        if (registration.endpointId() == null) {
            return last.orElse(null);
        }
        return new StripeEndpointStatus(
                registration.endpointId(),
                registration.state(),
                registration.apiVersion(),
                registration.previousEndpointId(),
                registration.nextRotationAt() == null
                        ? null
                        : SigningSecretFiles.formatExpiry(registration.nextRotationAt()));
    }

    /** The receiver's URL inside the cluster: its Service, port 8080 and webhook path. */
    public static String inClusterUrl(StripeWebhookEndpoint endpoint) {
        return "http://" + StripeWebhooks.receiverName(endpoint) + "."
                + endpoint.getMetadata().getNamespace() + ".svc:" + ReceiverImage.PORT
                + StripeWebhooks.webhookPath(endpoint);
    }

    private static void secretsReady(Conditions conditions, List<SecretValue> problems) {
        if (problems.isEmpty()) {
            conditions.add(ConditionReason.SECRETS_FOUND, true, "every referenced Secret key has a value");
        } else {
            conditions.add(
                    problems.getFirst().reason(),
                    false,
                    problems.stream().map(SecretValue::message).collect(Collectors.joining("; ")));
        }
    }

    private static void receiverAvailable(
            Conditions conditions, Optional<Deployment> deployment, SecretValue database) {
        String held = database.present().isPresent() ? "" : "; not updated while " + database.message();
        if (deployment.isEmpty() && database.present().isEmpty()) {
            conditions.add(
                    ConditionReason.WAITING_FOR_DATABASE_SECRET,
                    false,
                    "the receiver is not created while " + database.message());
            return;
        }
        if (deployment.isEmpty()) {
            conditions.add(
                    ConditionReason.WAITING_FOR_SIGNING_SECRET,
                    false,
                    "the receiver is created once the signing secret has a value");
            return;
        }
        Deployment d = deployment.get();
        ReceiverAvailability availability = ReceiverAvailability.of(d);
        String wanted = d.getSpec().getReplicas() == null
                ? "autoscaled"
                : d.getSpec().getReplicas().toString();
        // Not the count once one is available: each further replica would write the status once more (0, 1, 2 of 2:
        // three writes per endpoint) to tell nothing Ready does not; the Deployment shows the count.
        String message = (availability.available() ? "1 or more" : "0") + " of " + wanted + " replicas available" + held
                + (availability.failure().isEmpty() ? "" : "; " + availability.failure());
        if (availability.available()) {
            conditions.add(ConditionReason.MINIMUM_REPLICAS_AVAILABLE, true, message);
        } else {
            conditions.add(ConditionReason.NO_REPLICAS_AVAILABLE, false, message);
        }
    }

    private static void reconciliationScheduled(
            Conditions conditions, Reconciliation reconciliation, boolean cronJobExists) {
        if (reconciliation == null) {
            conditions.add(
                    ConditionReason.RECONCILIATION_NOT_CONFIGURED,
                    false,
                    "spec.reconciliation is not set; missed events are not recovered from the Stripe API");
        } else if (cronJobExists) {
            conditions.add(
                    ConditionReason.SCHEDULED,
                    true,
                    "runs on '" + reconciliation.schedule() + "' listing the last "
                            + reconciliation.lookbackOrDefault());
        } else {
            conditions.add(ConditionReason.CRON_JOB_MISSING, false, "the backfill CronJob has not been created yet");
        }
    }

    /**
     * Without the Stripe endpoint's id and with every type enabled, a run cannot tell the types Stripe sends to this
     * endpoint from the rest of the account's: it would recover and forward all of them, and count each as a missed
     * webhook, a false alarm on every run.
     */
    private static void reconciliationScoped(
            Conditions conditions, StripeWebhookEndpointSpec spec, Optional<String> stripeEndpointId) {
        Reconciliation reconciliation = spec.reconciliation();
        if (reconciliation == null) {
            return;
        }
        if (stripeEndpointId.isPresent()) {
            conditions.add(
                    ConditionReason.STRIPE_ENDPOINT,
                    true,
                    "runs recover the event"
                            + " types Stripe endpoint " + stripeEndpointId.get()
                            + " subscribes to, and mark events"
                            + " of another API version than its own");
        } else if (spec.enabledEvents() != null && !spec.enabledEvents().isEmpty()) {
            conditions.add(
                    ConditionReason.ENABLED_EVENTS,
                    true,
                    "runs store only the"
                            + " types in spec.enabledEvents for forwarding; set spec.reconciliation.stripeEndpointId to skip"
                            + " the types the Stripe endpoint is not sent and to mark events of another API version");
        } else {
            conditions.add(
                    ConditionReason.ENABLED_EVENTS_UNSET,
                    false,
                    "spec.enabledEvents"
                            + " and spec.reconciliation.stripeEndpointId are unset: the backfill recovers every event type of the"
                            + " Stripe account, including types the Stripe endpoint never sends here, forwards them and reports"
                            + " them as missed webhooks; set stripeEndpointId (the API key then needs Webhook Endpoints read)"
                            + " or list the endpoint's types in enabledEvents");
        }
    }

    /** Sets the Exposed condition and answers the URL to register in Stripe. */
    private static String exposed(
            Conditions conditions, StripeWebhookEndpoint endpoint, ReconcileInputs inputs, ObservedChildren children) {
        String inCluster = inClusterUrl(endpoint);
        if (!isExposureRequested(endpoint)) {
            conditions.add(
                    ConditionReason.EXPOSURE_NOT_CONFIGURED,
                    false,
                    "spec.exposure is not set; the receiver is reachable only inside the cluster");
            return inCluster;
        }
        Optional<String> refused = StripeWebhooks.pathRefusal(endpoint);
        if (refused.isPresent()) {
            conditions.add(ConditionReason.INVALID_PATH, false, refused.get());
            return inCluster;
        }
        if (inputs.conflict().isPresent()) {
            conditions.add(
                    ConditionReason.PATH_CONFLICT,
                    false,
                    inputs.conflict().get().message());
            return inCluster;
        }
        String path = StripeWebhooks.webhookPath(endpoint);
        IngressExposure ingress = endpoint.getSpec().exposure().ingress();
        if (ingress != null) {
            if (children.ingress().isEmpty()) {
                conditions.add(ConditionReason.INGRESS_PENDING, false, "the Ingress has not been created yet");
                return inCluster;
            }
            if (ingress.tls() == null) {
                String url = "http://" + ingress.host() + path;
                conditions.add(
                        ConditionReason.INGRESS_WITHOUT_TLS,
                        true,
                        "exposed at " + url
                                + " without TLS: Stripe refuses plain-HTTP endpoints in live mode; set spec.exposure.ingress.tls");
                return url;
            }
            String url = StripeWebhooks.publicUrl(endpoint).orElseThrow();
            conditions.add(ConditionReason.INGRESS_READY, true, "exposed at " + url);
            return url;
        }
        HttpRouteExposure route = endpoint.getSpec().exposure().httpRoute();
        if (!inputs.gatewayApiInstalled()) {
            conditions.add(
                    ConditionReason.GATEWAY_API_NOT_INSTALLED,
                    false,
                    "the Gateway API (HTTPRoute, gateway.networking.k8s.io/v1) is not installed in this cluster; "
                            + "install it or expose through spec.exposure.ingress");
            return inCluster;
        }
        if (children.httpRoute().isEmpty()) {
            conditions.add(ConditionReason.HTTP_ROUTE_PENDING, false, "the HTTPRoute has not been created yet");
            return inCluster;
        }
        if (route.hostnames() == null || route.hostnames().isEmpty()) {
            conditions.add(
                    ConditionReason.HTTP_ROUTE_READY,
                    true,
                    "routed on " + path
                            + " by the parent Gateways for every hostname; the public URL depends on the Gateway's address");
            return inCluster;
        }
        String url = StripeWebhooks.publicUrl(endpoint).orElseThrow();
        conditions.add(
                ConditionReason.HTTP_ROUTE_READY, true, "exposed at " + url + " (TLS terminates at the Gateway)");
        return url;
    }

    private static boolean isExposureRequested(StripeWebhookEndpoint endpoint) {
        Exposure exposure = endpoint.getSpec().exposure();
        return exposure != null && (exposure.ingress() != null || exposure.httpRoute() != null);
    }

    private static void ready(
            Conditions conditions, boolean reconciliationRequired, boolean exposureRequested, boolean managed) {
        List<String> required = new java.util.ArrayList<>(List.of(EndpointConditions.SECRETS_READY));
        // Managed, no receiver runs before Stripe has answered with a secret: Stripe is the cause to show.
        if (managed) {
            required.add(EndpointConditions.STRIPE_REGISTERED);
        }
        required.add(EndpointConditions.RECEIVER_AVAILABLE);
        if (reconciliationRequired) {
            required.add(EndpointConditions.RECONCILIATION_SCHEDULED);
        }
        if (exposureRequested) {
            required.add(EndpointConditions.EXPOSED);
        }
        Optional<EndpointCondition> failing = required.stream()
                .map(conditions::get)
                .flatMap(Optional::stream)
                .filter(c -> !Conditions.TRUE.equals(c.getStatus()))
                .findFirst();
        if (failing.isPresent()) {
            conditions.notReady(failing.get());
        } else {
            conditions.add(ConditionReason.READY_ALL, true, "the receiver takes deliveries");
        }
    }

    /** The status shape of a current key, a previous one and its expiry. */
    private interface KeyFingerprints<T> {
        T of(String current, String previous, String previousExpiresAt);
    }

    private static <T> T fingerprints(SigningKeys keys, KeyFingerprints<T> shape) {
        if (keys.current() == null) {
            return null;
        }
        return shape.of(
                Fingerprint.of(keys.current()),
                keys.previous() == null ? null : Fingerprint.of(keys.previous()),
                keys.previousExpiresAt() == null ? null : SigningSecretFiles.formatExpiry(keys.previousExpiresAt()));
    }
}
