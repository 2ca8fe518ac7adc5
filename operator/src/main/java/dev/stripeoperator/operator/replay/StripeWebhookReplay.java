package dev.stripeoperator.operator.replay;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.contract.KubernetesApi;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalSelectableField;
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

/** A one-off replay or discard of an endpoint's stored events, run by the operator as a Job. */
@Group(KubernetesApi.GROUP)
@Version(KubernetesApi.VERSION)
@Kind("StripeWebhookReplay")
@Plural("stripewebhookreplays")
@Singular("stripewebhookreplay")
@ShortNames("swr")
@Categories("stripe")
@SchemaCustomizer(value = SchemaCustomizer.MergePatchCustomizer.class, input = """
        {"description": "A one-off replay or discard of the stored events of a StripeWebhookEndpoint in this namespace, \
        dead letters by default: the operator runs it once as a Job with the endpoint's receiver image, database Secret \
        and pod settings, and reports what matched and what was replayed or discarded. Who may create one is who may \
        edit the namespace; the API server's audit log records who did, and the endpoint's database records the run."}
        """)
// `make crds` keeps the columns in this order.
@AdditionalPrinterColumn(name = "Endpoint", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.endpoint")
@AdditionalPrinterColumn(name = "Action", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.action")
@AdditionalPrinterColumn(name = "Dry-Run", type = AdditionalPrinterColumn.Type.BOOLEAN, jsonPath = ".spec.dryRun")
@AdditionalPrinterColumn(name = "Phase", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Matched", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.matched")
@AdditionalPrinterColumn(name = "Replayed", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.replayed")
@AdditionalPrinterColumn(
        name = "Discarded",
        type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.discarded")
@AdditionalPrinterColumn(name = "Failed", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.failed")
@AdditionalPrinterColumn(
        name = "Age",
        type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
// `kubectl get swr --field-selector spec.endpoint=billing`
@AdditionalSelectableField(jsonPath = ".spec.endpoint")
@ValidationRule(
        value = "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
        message = "metadata.name must start with a letter and hold only lower-case letters, digits and '-':"
                + " it names the Job <name>-stripe-replay, a DNS label")
@ValidationRule(
        value = "size(self.metadata.name) <= " + StripeWebhookReplay.MAX_NAME_LENGTH,
        message = "metadata.name must be at most " + StripeWebhookReplay.MAX_NAME_LENGTH + " characters:"
                + " the Job <name>-stripe-replay must fit in 63")
public class StripeWebhookReplay extends CustomResource<ReplaySpec, ReplayStatus> implements Namespaced {

    /** Longest name: the Job {@code <name>-stripe-replay} and its pods' job-name label may have at most 63. */
    public static final int MAX_NAME_LENGTH = 49;

    /** Overridden only to describe the field in the CRD schema. */
    @Override
    @JsonPropertyDescription("What to do, once: the endpoint, replay or discard, which events, why; immutable.")
    public ReplaySpec getSpec() {
        return super.getSpec();
    }

    /** Overridden only to describe the field in the CRD schema. */
    @Override
    @JsonPropertyDescription("Written by the operator: the Job, its phase and the counts of its summary.")
    public ReplayStatus getStatus() {
        return super.getStatus();
    }

    /** Name of the Job this replay runs, in its namespace. */
    public String jobName() {
        return getMetadata().getName() + "-stripe-replay";
    }
}
