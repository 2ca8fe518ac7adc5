package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** Desired state of a StripeWebhookEndpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StripeWebhookEndpointSpec(
        @Required
        @JsonPropertyDescription("The webhook signing secret (whsec_...) Stripe signs deliveries with, from a user-owned Secret.")
        SigningSecret signingSecret,
        @JsonPropertyDescription("true processes only live-mode events, false only test-mode events; events of the other mode are acknowledged and stored as ignored (Stripe sends test events to live Connect endpoints by design). Unset processes both.")
        Boolean livemode,
        @JsonPropertyDescription("Event types to process, `*` wildcards allowed (e.g. `invoice.*`); others are acknowledged and stored as ignored. Empty or unset means all.")
        List<String> enabledEvents,
        @Required
        @JsonPropertyDescription("The PostgreSQL database the receiver stores events in.")
        DatabaseSpec database,
        @JsonPropertyDescription("Where verified, deduplicated events are forwarded; unset stores them only.")
        Sink sink,
        @JsonPropertyDescription("A scheduled job that lists recent events from the Stripe API and stores any that were missed; unset disables it.")
        Reconciliation reconciliation,
        @JsonPropertyDescription("The receiver Deployment: replicas, image, resources, limits.")
        ReceiverSpec receiver,
        @JsonPropertyDescription("How Stripe reaches the receiver from the internet: an Ingress or a Gateway API HTTPRoute. Unset keeps it in-cluster.")
        Exposure exposure) {

    /** The receiver settings, never null (defaults when unset). */
    public ReceiverSpec receiverOrDefaults() {
        return receiver == null ? ReceiverSpec.DEFAULTS : receiver;
    }
}
