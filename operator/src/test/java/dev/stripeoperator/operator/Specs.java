package dev.stripeoperator.operator;

import java.util.List;
import java.util.function.Consumer;

import dev.stripeoperator.operator.endpoint.DatabaseSpec;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.ReceiverSpec;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.SigningSecret;
import dev.stripeoperator.operator.endpoint.Sink;
import dev.stripeoperator.operator.endpoint.StripeManagement;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;

/** A spec with one part replaced, the rest as it was. */
public final class Specs {

    private Specs() {}

    public static StripeWebhookEndpointSpec withStripe(StripeWebhookEndpointSpec spec, StripeManagement stripe) {
        return replaced(spec, parts -> parts.stripe = stripe);
    }

    public static StripeWebhookEndpointSpec withExposure(StripeWebhookEndpointSpec spec, Exposure exposure) {
        return replaced(spec, parts -> parts.exposure = exposure);
    }

    public static StripeWebhookEndpointSpec withSigningSecret(StripeWebhookEndpointSpec spec, SigningSecret signing) {
        return replaced(spec, parts -> parts.signingSecret = signing);
    }

    public static StripeWebhookEndpointSpec withEnabledEvents(StripeWebhookEndpointSpec spec, List<String> events) {
        return replaced(spec, parts -> parts.enabledEvents = events);
    }

    public static StripeWebhookEndpointSpec withRetention(StripeWebhookEndpointSpec spec, String retention) {
        return replaced(spec, parts -> parts.retention = retention);
    }

    public static StripeWebhookEndpointSpec withReconciliation(
            StripeWebhookEndpointSpec spec, Reconciliation reconciliation) {
        return replaced(spec, parts -> parts.reconciliation = reconciliation);
    }

    public static StripeWebhookEndpointSpec withDatabase(StripeWebhookEndpointSpec spec, DatabaseSpec database) {
        return replaced(spec, parts -> parts.database = database);
    }

    public static StripeWebhookEndpointSpec withSink(StripeWebhookEndpointSpec spec, Sink sink) {
        return replaced(spec, parts -> parts.sink = sink);
    }

    public static StripeWebhookEndpointSpec withReceiver(StripeWebhookEndpointSpec spec, ReceiverSpec receiver) {
        return replaced(spec, parts -> parts.receiver = receiver);
    }

    private static StripeWebhookEndpointSpec replaced(StripeWebhookEndpointSpec spec, Consumer<Parts> replacement) {
        Parts parts = new Parts(spec);
        replacement.accept(parts);
        return parts.spec();
    }

    /** A spec taken apart, so that a part can be replaced before it is put together again. */
    private static final class Parts {
        SigningSecret signingSecret;
        Boolean livemode;
        List<String> enabledEvents;
        DatabaseSpec database;
        Sink sink;
        Reconciliation reconciliation;
        ReceiverSpec receiver;
        Exposure exposure;
        StripeManagement stripe;
        String retention;

        Parts(StripeWebhookEndpointSpec spec) {
            signingSecret = spec.signingSecret();
            livemode = spec.livemode();
            enabledEvents = spec.enabledEvents();
            database = spec.database();
            sink = spec.sink();
            reconciliation = spec.reconciliation();
            receiver = spec.receiver();
            exposure = spec.exposure();
            stripe = spec.stripe();
            retention = spec.retention();
        }

        StripeWebhookEndpointSpec spec() {
            return new StripeWebhookEndpointSpec(
                    signingSecret,
                    livemode,
                    enabledEvents,
                    database,
                    sink,
                    reconciliation,
                    receiver,
                    exposure,
                    stripe,
                    retention);
        }
    }
}
