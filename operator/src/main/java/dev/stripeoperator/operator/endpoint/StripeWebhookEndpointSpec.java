package dev.stripeoperator.operator.endpoint;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.contract.ReceiverImage;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Desired state of a StripeWebhookEndpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.signingSecret.secretRef) || (has(self.stripe) && self.stripe.manage)",
        message = "signingSecret.secretRef is required unless stripe.manage is true")
@ValidationRule(
        value = "!has(self.signingSecret.rotateEvery) || (has(self.stripe) && self.stripe.manage)",
        message =
                "signingSecret.rotateEvery needs stripe.manage: true; rotate a user-owned secret by changing its value")
public record StripeWebhookEndpointSpec(
        @Required
        @JsonPropertyDescription(
                "The webhook signing secret (whsec_...) Stripe signs deliveries with: from a user-owned Secret, or from Stripe itself with stripe.manage.")
        SigningSecret signingSecret,

        @JsonPropertyDescription(
                "true processes only live-mode events, false only test-mode events; events of the other mode are acknowledged and stored as ignored (Stripe sends test events to live Connect endpoints by design). Unset processes both.")
        Boolean livemode,

        @JsonPropertyDescription(
                "Event types to process, `*` wildcards allowed (e.g. `invoice.*`); others are acknowledged and stored as ignored. Empty or unset means all.")
        List<String> enabledEvents,

        @Required @JsonPropertyDescription("The PostgreSQL database the receiver stores events in.")
        DatabaseSpec database,

        @JsonPropertyDescription("Where verified, deduplicated events are forwarded; unset stores them only.")
        Sink sink,

        @JsonPropertyDescription(
                "A scheduled job that lists recent events from the Stripe API and stores any that were missed; unset disables it.")
        Reconciliation reconciliation,

        @JsonPropertyDescription("The receiver Deployment: replicas, image, resources, limits.")
        ReceiverSpec receiver,

        @JsonPropertyDescription(
                "How Stripe reaches the receiver from the internet: an Ingress or a Gateway API HTTPRoute. Unset keeps it in-cluster.")
        Exposure exposure,

        @JsonPropertyDescription(
                "The Stripe webhook endpoint, registered and kept in sync by the operator (manage: true). Unset: you register it in Stripe yourself.")
        StripeManagement stripe,

        @Pattern(Retention.PATTERN)
        @JsonPropertyDescription(
                "How long events the sink took (delivered) or that were never to be sent (ignored) stay"
                        + " in the table, in days, e.g. 90d (1d to 9999d). Undelivered events (pending, failed, dead) are never"
                        + " deleted by retention. Default: the operator's RECEIVER_DEFAULTS retention (the chart's"
                        + " receiver.retention), else " + ReceiverImage.RETENTION_DAYS + "d.")
        String retention) {

    /** A spec with the default retention. */
    public StripeWebhookEndpointSpec(
            SigningSecret signingSecret,
            Boolean livemode,
            List<String> enabledEvents,
            DatabaseSpec database,
            Sink sink,
            Reconciliation reconciliation,
            ReceiverSpec receiver,
            Exposure exposure,
            StripeManagement stripe) {
        this(signingSecret, livemode, enabledEvents, database, sink, reconciliation, receiver, exposure, stripe, null);
    }

    /** A spec without managed registration. */
    public StripeWebhookEndpointSpec(
            SigningSecret signingSecret,
            Boolean livemode,
            List<String> enabledEvents,
            DatabaseSpec database,
            Sink sink,
            Reconciliation reconciliation,
            ReceiverSpec receiver,
            Exposure exposure) {
        this(signingSecret, livemode, enabledEvents, database, sink, reconciliation, receiver, exposure, null);
    }

    /** Whether the operator registers and manages the Stripe endpoint. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isManaged() {
        return stripe != null && stripe.isManaged();
    }

    /** The receiver settings, never null (defaults when unset). */
    public ReceiverSpec receiverOrDefaults() {
        return receiver == null ? ReceiverSpec.DEFAULTS : receiver;
    }
}
