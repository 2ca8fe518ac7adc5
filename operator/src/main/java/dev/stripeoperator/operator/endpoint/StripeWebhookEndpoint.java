package dev.stripeoperator.operator.endpoint;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.contract.KubernetesApi;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.ValidationRule;
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
@Group(KubernetesApi.GROUP)
@Version(KubernetesApi.VERSION)
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
@AdditionalPrinterColumn(
        name = "Ready",
        type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "URL", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.url")
// A string: kubectl shows a date column as an age, and a time in the future as <invalid>.
@AdditionalPrinterColumn(
        name = "Previous-Secret-Until",
        type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.signingSecrets.previousExpiresAt")
@AdditionalPrinterColumn(
        name = "Last-Reconcile",
        type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".status.lastReconciliation.time")
@AdditionalPrinterColumn(
        name = "Age",
        type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
// Child names and label values derive from metadata.name: refused here with a reason, not later by the API server.
@ValidationRule(
        value = "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
        message = "metadata.name must start with a letter and hold only lower-case letters, digits and '-':"
                + " it names the receiver's Service <name>-stripe-receiver, a DNS label")
@ValidationRule(
        value = "size(self.metadata.name) <= " + StripeWebhookEndpoint.MAX_NAME_LENGTH,
        message = "metadata.name must be at most " + StripeWebhookEndpoint.MAX_NAME_LENGTH + " characters:"
                + " the receiver's Service <name>-stripe-receiver must fit in 63")
@ValidationRule(
        value = "!has(self.spec.reconciliation) || size(self.metadata.name) <= "
                + StripeWebhookEndpoint.MAX_NAME_LENGTH_WITH_RECONCILIATION,
        message = "with spec.reconciliation, metadata.name must be at most "
                + StripeWebhookEndpoint.MAX_NAME_LENGTH_WITH_RECONCILIATION + " characters:"
                + " the CronJob <name>-stripe-reconcile must fit in 52")
public class StripeWebhookEndpoint extends CustomResource<StripeWebhookEndpointSpec, StripeWebhookEndpointStatus>
        implements Namespaced {

    /** Longest name: {@code <name>-stripe-receiver} names a Service, a DNS label of at most 63 characters. */
    public static final int MAX_NAME_LENGTH = 47;
    /** Longest name with reconciliation: the CronJob {@code <name>-stripe-reconcile} may have at most 52. */
    public static final int MAX_NAME_LENGTH_WITH_RECONCILIATION = 35;

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
