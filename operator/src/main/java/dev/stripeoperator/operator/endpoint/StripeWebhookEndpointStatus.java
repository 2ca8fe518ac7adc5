package dev.stripeoperator.operator.endpoint;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;

/** Observed state of a StripeWebhookEndpoint, rebuilt by the operator on every reconcile. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Conditions are a map keyed by type, as metav1.Condition lists are: server-side apply merges them per type, and
// the API server refuses two conditions of one type.
@SchemaCustomizer(value = ListMapSchema.class, input = "conditions:type")
public record StripeWebhookEndpointStatus(
        @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,

        @JsonPropertyDescription(
                "The URL to register in Stripe: the exposed https URL, or the in-cluster Service URL when not exposed.")
        String url,

        @JsonPropertyDescription(
                "Ready, SecretsReady, ReceiverAvailable, ReconciliationScheduled, Exposed, ReplayRunning, (with reconciliation) ReconciliationScoped and BackfillRunning, and (with stripe.manage) StripeRegistered, in the metav1.Condition shape.")
        List<EndpointCondition> conditions,

        @JsonPropertyDescription(
                "Fingerprints (sha256: and 8 hex digits) of the signing secrets the receiver accepts; never the values.")
        SigningSecretsStatus signingSecrets,

        @JsonPropertyDescription(
                "Fingerprints of the keys forwarded events are signed with (Secret <name>-forwarding); never the values.")
        ForwardingKeyStatus forwardingKey,

        @JsonPropertyDescription("Outcome of the last reconcile job run.")
        LastReconciliation lastReconciliation,

        @JsonPropertyDescription("With spec.stripe.manage: the Stripe webhook endpoint the operator registered.")
        StripeEndpointStatus stripe) {

    /** The status of an endpoint whose Stripe endpoint is not managed. */
    public StripeWebhookEndpointStatus(
            Long observedGeneration,
            String url,
            List<EndpointCondition> conditions,
            SigningSecretsStatus signingSecrets,
            ForwardingKeyStatus forwardingKey,
            LastReconciliation lastReconciliation) {
        this(observedGeneration, url, conditions, signingSecrets, forwardingKey, lastReconciliation, null);
    }

    /** The condition of the given type, if present. */
    public java.util.Optional<EndpointCondition> condition(String type) {
        return conditions == null
                ? java.util.Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
