package dev.stripeoperator.operator.dependent;

import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/** What every child of the endpoint {@code payments/billing} carries, spelled out as users see it. */
final class BillingChildren {

    /** What selects the receiver pods of {@code billing}. */
    static final Map<String, String> RECEIVER_PODS = selector("receiver");

    private BillingChildren() {}

    /** What selects the pods of {@code component} of {@code billing}. */
    static Map<String, String> selector(String component) {
        return Map.of(
                "app.kubernetes.io/name", "stripe-webhook-receiver",
                "app.kubernetes.io/instance", "billing",
                "app.kubernetes.io/component", component);
    }

    /** The labels a child of {@code component} of {@code billing} carries. */
    static Map<String, String> labels(String component) {
        return Map.of(
                "app.kubernetes.io/name", "stripe-webhook-receiver",
                "app.kubernetes.io/instance", "billing",
                "app.kubernetes.io/component", component,
                "app.kubernetes.io/part-of", "stripe-webhook-operator",
                "app.kubernetes.io/managed-by", "stripe-webhook-operator");
    }

    /** Checks that {@code child} is called {@code name}, lives beside the endpoint and carries the labels of {@code component}. */
    static void assertChild(HasMetadata child, String name, String component) {
        assertThat(child.getMetadata().getName()).isEqualTo(name);
        assertThat(child.getMetadata().getNamespace()).isEqualTo("payments");
        assertThat(child.getMetadata().getLabels()).isEqualTo(labels(component));
    }
}
