package dev.stripeoperator.operator.stripe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.stripe.param.WebhookEndpointCreateParams;

/**
 * The spec's enabledEvents as Stripe's {@code enabled_events}: Stripe knows only exact types and {@code *}, so a
 * wildcard such as {@code invoice.*} becomes every type stripe-java knows under {@code invoice.}; unset or empty is
 * {@code *}.
 */
final class EnabledEvents {

    private static final String ALL = WebhookEndpointCreateParams.EnabledEvent.ALL.getValue();
    private static final List<String> KNOWN = Arrays.stream(WebhookEndpointCreateParams.EnabledEvent.values())
            .map(WebhookEndpointCreateParams.EnabledEvent::getValue)
            .filter(type -> !type.equals(ALL))
            .toList();

    private EnabledEvents() {}

    /**
     * Stripe's list for the spec's, sorted.
     *
     * @throws IllegalArgumentException naming a type or wildcard Stripe does not know
     */
    static List<String> of(List<String> spec) {
        if (spec == null || spec.isEmpty() || spec.contains(ALL)) {
            return List.of(ALL);
        }
        Set<String> types = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String pattern : spec) {
            List<String> matching = pattern.endsWith(".*")
                    ? KNOWN.stream()
                            .filter(type -> type.startsWith(pattern.substring(0, pattern.length() - 1)))
                            .toList()
                    : KNOWN.stream().filter(pattern::equals).toList();
            if (matching.isEmpty()) {
                unknown.add(pattern);
            }
            types.addAll(matching);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("spec.enabledEvents has types Stripe does not know: "
                    + String.join(", ", unknown) + " (stripe-java " + com.stripe.Stripe.VERSION + ")");
        }
        return types.stream().sorted().toList();
    }

    /** Whether Stripe's list holds the same types as {@code wanted}, in any order. */
    static boolean same(List<String> registered, List<String> wanted) {
        return registered != null && Set.copyOf(registered).equals(Set.copyOf(wanted));
    }
}
