package dev.stripeoperator.operator.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.stripeoperator.operator.endpoint.ConditionReason;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.EndpointConditions;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** The status shown while reconciling an endpoint fails: the last status with Ready=False and the cause. */
public final class ErrorStatus {

    private ErrorStatus() {}

    /** The previous status with its Ready condition replaced by the failure. */
    public static StripeWebhookEndpointStatus of(StripeWebhookEndpoint endpoint, Instant now, Exception e) {
        Optional<StripeWebhookEndpointStatus> previous = Optional.ofNullable(endpoint.getStatus());
        long generation = endpoint.getMetadata().getGeneration() == null
                ? 0
                : endpoint.getMetadata().getGeneration();
        Conditions ready = new Conditions(
                        previous.map(StripeWebhookEndpointStatus::conditions).orElse(List.of()), generation, now)
                .add(ConditionReason.RECONCILE_FAILED, false, describe(e));
        List<EndpointCondition> conditions = new ArrayList<>(
                previous.map(StripeWebhookEndpointStatus::conditions).orElse(List.of()));
        conditions.removeIf(c -> EndpointConditions.READY.equals(c.getType()));
        conditions.addAll(ready.list());
        return new StripeWebhookEndpointStatus(
                previous.map(StripeWebhookEndpointStatus::observedGeneration).orElse(null),
                previous.map(StripeWebhookEndpointStatus::url).orElse(null),
                conditions,
                previous.map(StripeWebhookEndpointStatus::signingSecrets).orElse(null),
                previous.map(StripeWebhookEndpointStatus::forwardingKey).orElse(null),
                previous.map(StripeWebhookEndpointStatus::lastReconciliation).orElse(null),
                previous.map(StripeWebhookEndpointStatus::stripe).orElse(null));
    }

    /** The API server's answer for Kubernetes failures, otherwise the exception type: never request bodies. */
    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof KubernetesClientException)) {
            cause = cause.getCause();
        }
        if (cause instanceof KubernetesClientException k
                && k.getStatus() != null
                && k.getStatus().getMessage() != null) {
            return "Kubernetes API error " + k.getCode() + ": " + k.getStatus().getMessage();
        }
        return cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage()));
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
