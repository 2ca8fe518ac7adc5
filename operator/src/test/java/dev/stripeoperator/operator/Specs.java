package dev.stripeoperator.operator;

import java.util.List;

import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.SigningSecret;
import dev.stripeoperator.operator.endpoint.Sink;
import dev.stripeoperator.operator.endpoint.StripeManagement;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;

/** A spec with one part replaced, the rest as it was. */
public final class Specs {

    private Specs() {}

    public static StripeWebhookEndpointSpec withStripe(StripeWebhookEndpointSpec spec, StripeManagement stripe) {
        return new StripeWebhookEndpointSpec(
                spec.signingSecret(),
                spec.livemode(),
                spec.enabledEvents(),
                spec.database(),
                spec.sink(),
                spec.reconciliation(),
                spec.receiver(),
                spec.exposure(),
                stripe,
                spec.retention());
    }

    public static StripeWebhookEndpointSpec withExposure(StripeWebhookEndpointSpec spec, Exposure exposure) {
        return new StripeWebhookEndpointSpec(
                spec.signingSecret(),
                spec.livemode(),
                spec.enabledEvents(),
                spec.database(),
                spec.sink(),
                spec.reconciliation(),
                spec.receiver(),
                exposure,
                spec.stripe(),
                spec.retention());
    }

    public static StripeWebhookEndpointSpec withSigningSecret(StripeWebhookEndpointSpec spec, SigningSecret signing) {
        return new StripeWebhookEndpointSpec(
                signing,
                spec.livemode(),
                spec.enabledEvents(),
                spec.database(),
                spec.sink(),
                spec.reconciliation(),
                spec.receiver(),
                spec.exposure(),
                spec.stripe(),
                spec.retention());
    }

    public static StripeWebhookEndpointSpec withEnabledEvents(StripeWebhookEndpointSpec spec, List<String> events) {
        return new StripeWebhookEndpointSpec(
                spec.signingSecret(),
                spec.livemode(),
                events,
                spec.database(),
                spec.sink(),
                spec.reconciliation(),
                spec.receiver(),
                spec.exposure(),
                spec.stripe(),
                spec.retention());
    }

    public static StripeWebhookEndpointSpec withRetention(StripeWebhookEndpointSpec spec, String retention) {
        return new StripeWebhookEndpointSpec(
                spec.signingSecret(),
                spec.livemode(),
                spec.enabledEvents(),
                spec.database(),
                spec.sink(),
                spec.reconciliation(),
                spec.receiver(),
                spec.exposure(),
                spec.stripe(),
                retention);
    }

    public static StripeWebhookEndpointSpec withReconciliation(
            StripeWebhookEndpointSpec spec, Reconciliation reconciliation) {
        return new StripeWebhookEndpointSpec(
                spec.signingSecret(),
                spec.livemode(),
                spec.enabledEvents(),
                spec.database(),
                spec.sink(),
                reconciliation,
                spec.receiver(),
                spec.exposure(),
                spec.stripe(),
                spec.retention());
    }

    public static StripeWebhookEndpointSpec withSink(StripeWebhookEndpointSpec spec, Sink sink) {
        return new StripeWebhookEndpointSpec(
                spec.signingSecret(),
                spec.livemode(),
                spec.enabledEvents(),
                spec.database(),
                sink,
                spec.reconciliation(),
                spec.receiver(),
                spec.exposure(),
                spec.stripe(),
                spec.retention());
    }
}
