package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A managed Stripe webhook endpoint: receiver, signing secrets, reconciliation and exposure. */
@Group(StripeWebhookEndpoint.GROUP)
@Version(StripeWebhookEndpoint.VERSION)
@Kind("StripeWebhookEndpoint")
@Plural("stripewebhookendpoints")
@Singular("stripewebhookendpoint")
@ShortNames("swe")
// `kubectl get stripe` lists the endpoints, and any kind of the project added later.
@Categories("stripe")
// What `kubectl explain stripewebhookendpoint` prints first.
@SchemaCustomizer(value = SchemaCustomizer.MergePatchCustomizer.class, input = """
        {"description": "A Stripe webhook endpoint served in this namespace: the operator runs a receiver that verifies \
        Stripe's signatures, stores each event once in PostgreSQL before acknowledging it and forwards it to a sink, \
        rotates the signing secret without downtime and reconciles missed events from Stripe's API."}
        """)
// `make crds` keeps the columns in this order (the generator alone would sort them by jsonPath).
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "URL", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.url")
// A string: kubectl shows a date column as an age, and a time in the future as <invalid>.
@AdditionalPrinterColumn(name = "Previous-Secret-Until", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.signingSecrets.previousExpiresAt")
@AdditionalPrinterColumn(name = "Last-Reconcile", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".status.lastReconciliation.time")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class StripeWebhookEndpoint extends CustomResource<StripeWebhookEndpointSpec, StripeWebhookEndpointStatus>
        implements Namespaced {

    /** API group of the resource. */
    public static final String GROUP = "webhooks.stripe-operator.dev";
    /** API version of the resource. */
    public static final String VERSION = "v1alpha1";

    /** Overridden only to describe the field in the CRD schema. */
    @Override
    @JsonPropertyDescription("Desired state: where the signing secret and database come from, which events to accept, "
            + "where to forward them, how to reconcile missed ones and how Stripe reaches the receiver.")
    public StripeWebhookEndpointSpec getSpec() {
        return super.getSpec();
    }

    /** Overridden only to describe the field in the CRD schema. */
    @Override
    @JsonPropertyDescription("Observed state, written by the operator: the URL to register in Stripe, conditions, "
            + "signing secret fingerprints and the last reconciliation.")
    public StripeWebhookEndpointStatus getStatus() {
        return super.getStatus();
    }
}
