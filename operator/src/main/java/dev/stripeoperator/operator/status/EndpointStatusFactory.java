package dev.stripeoperator.operator.status;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.stripeoperator.operator.Fingerprints;
import dev.stripeoperator.operator.ReconcileInputs;
import dev.stripeoperator.operator.SecretValue;
import dev.stripeoperator.operator.StripeWebhooks;
import dev.stripeoperator.operator.dependent.SigningKeys;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.SigningSecretsStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Builds an endpoint's status from scratch out of its spec, referenced Secrets and observed children. */
public final class EndpointStatusFactory {

    private EndpointStatusFactory() {
    }

    /** The status the endpoint should show now. */
    public static StripeWebhookEndpointStatus build(StripeWebhookEndpoint endpoint, ReconcileInputs inputs,
            ObservedChildren children) {
        Optional<StripeWebhookEndpointStatus> previous = Optional.ofNullable(endpoint.getStatus());
        long generation = endpoint.getMetadata().getGeneration() == null ? 0 : endpoint.getMetadata().getGeneration();
        Conditions conditions = new Conditions(previous, generation, inputs.now());

        secretsReady(conditions, inputs.secrets().problems());
        receiverAvailable(conditions, children.deployment());
        reconciliationScheduled(conditions, endpoint.getSpec().reconciliation(), children.cronJob().isPresent());
        ready(conditions, endpoint.getSpec().reconciliation() != null);

        return new StripeWebhookEndpointStatus(
                generation,
                inClusterUrl(endpoint),
                conditions.list(),
                children.signingSecret().map(SigningKeys::from).map(EndpointStatusFactory::fingerprints).orElse(null),
                previous.map(StripeWebhookEndpointStatus::lastReconciliation).orElse(null));
    }

    /** The receiver's URL inside the cluster: its Service, port 8080 and webhook path. */
    public static String inClusterUrl(StripeWebhookEndpoint endpoint) {
        return "http://" + StripeWebhooks.receiverName(endpoint) + "." + endpoint.getMetadata().getNamespace()
                + ".svc:" + StripeWebhooks.HTTP_PORT + StripeWebhooks.webhookPath(endpoint);
    }

    private static void secretsReady(Conditions conditions, List<SecretValue> problems) {
        if (problems.isEmpty()) {
            conditions.add(EndpointConditions.SECRETS_READY, true, "SecretsFound", "every referenced Secret key has a value");
        } else {
            conditions.add(EndpointConditions.SECRETS_READY, false, problems.getFirst().reason(),
                    problems.stream().map(SecretValue::message).collect(Collectors.joining("; ")));
        }
    }

    private static void receiverAvailable(Conditions conditions, Optional<Deployment> deployment) {
        if (deployment.isEmpty()) {
            conditions.add(EndpointConditions.RECEIVER_AVAILABLE, false, "WaitingForSigningSecret",
                    "the receiver is created once the signing secret has a value");
            return;
        }
        Deployment d = deployment.get();
        int available = d.getStatus() == null || d.getStatus().getAvailableReplicas() == null
                ? 0 : d.getStatus().getAvailableReplicas();
        String wanted = d.getSpec().getReplicas() == null ? "autoscaled" : d.getSpec().getReplicas().toString();
        String message = available + " of " + wanted + " replicas available";
        if (available > 0) {
            conditions.add(EndpointConditions.RECEIVER_AVAILABLE, true, "MinimumReplicasAvailable", message);
        } else {
            conditions.add(EndpointConditions.RECEIVER_AVAILABLE, false, "NoReplicasAvailable", message);
        }
    }

    private static void reconciliationScheduled(Conditions conditions, Reconciliation reconciliation, boolean cronJobExists) {
        if (reconciliation == null) {
            conditions.add(EndpointConditions.RECONCILIATION_SCHEDULED, false, "NotConfigured",
                    "spec.reconciliation is not set; missed events are not recovered from the Stripe API");
        } else if (cronJobExists) {
            conditions.add(EndpointConditions.RECONCILIATION_SCHEDULED, true, "Scheduled",
                    "runs on '" + reconciliation.schedule() + "' listing the last " + reconciliation.lookbackOrDefault());
        } else {
            conditions.add(EndpointConditions.RECONCILIATION_SCHEDULED, false, "CronJobMissing",
                    "the reconcile CronJob has not been created yet");
        }
    }

    private static void ready(Conditions conditions, boolean reconciliationRequired) {
        List<String> required = reconciliationRequired
                ? List.of(EndpointConditions.SECRETS_READY, EndpointConditions.RECEIVER_AVAILABLE,
                        EndpointConditions.RECONCILIATION_SCHEDULED)
                : List.of(EndpointConditions.SECRETS_READY, EndpointConditions.RECEIVER_AVAILABLE);
        Optional<io.fabric8.kubernetes.api.model.Condition> failing = required.stream()
                .map(conditions::get)
                .flatMap(Optional::stream)
                .filter(c -> !"True".equals(c.getStatus()))
                .findFirst();
        if (failing.isPresent()) {
            conditions.add(EndpointConditions.READY, false, failing.get().getType() + "False", failing.get().getMessage());
        } else {
            conditions.add(EndpointConditions.READY, true, "Ready", "the receiver takes deliveries");
        }
    }

    private static SigningSecretsStatus fingerprints(SigningKeys keys) {
        if (keys.current() == null) {
            return null;
        }
        return new SigningSecretsStatus(
                Fingerprints.of(keys.current()),
                keys.previous() == null ? null : Fingerprints.of(keys.previous()),
                keys.previousExpiresAt() == null ? null : keys.previousExpiresAt().toString());
    }
}
