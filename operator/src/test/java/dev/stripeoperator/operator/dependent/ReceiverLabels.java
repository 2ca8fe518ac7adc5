package dev.stripeoperator.operator.dependent;

import java.util.Map;

/** The labels of the children of the endpoint {@code billing}, spelled out as users see them. */
final class ReceiverLabels {

    /** What selects the receiver pods of {@code billing}. */
    static final Map<String, String> RECEIVER_PODS = selector("receiver");

    private ReceiverLabels() {}

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
}
