package dev.stripeoperator.receiver.backfill;

import java.util.List;
import java.util.Optional;

import com.stripe.model.WebhookEndpoint;
import dev.stripeoperator.receiver.EventFilter;

/**
 * The Stripe webhook endpoint a run recovers for, as Stripe's API describes it: the event types it subscribes to and
 * the API version it renders events at.
 */
final class StripeEndpoint {

    private final String id;
    private final Optional<String> apiVersion;
    private final boolean enabled;
    private final EventFilter types;

    StripeEndpoint(String id, List<String> enabledEvents, Optional<String> apiVersion, boolean enabled) {
        this.id = id;
        this.apiVersion = apiVersion;
        this.enabled = enabled;
        // Stripe's enabled_events are exact types or "*", which the receiver's filter matches the same way.
        this.types = new EventFilter(Optional.empty(), enabledEvents);
    }

    /** The endpoint as stripe-java read it. */
    static StripeEndpoint of(WebhookEndpoint endpoint) {
        return new StripeEndpoint(
                endpoint.getId(),
                endpoint.getEnabledEvents() == null ? List.of() : endpoint.getEnabledEvents(),
                Optional.ofNullable(endpoint.getApiVersion()).filter(version -> !version.isBlank()),
                !"disabled".equals(endpoint.getStatus()));
    }

    String id() {
        return id;
    }

    /** The version the endpoint is pinned to; empty when it follows the account's default. */
    Optional<String> apiVersion() {
        return apiVersion;
    }

    /** Whether Stripe sends it anything at all. */
    boolean enabled() {
        return enabled;
    }

    /** Whether Stripe sends events of this type to the endpoint. */
    boolean subscribes(String type) {
        return types.decide(type, false) == EventFilter.Decision.ACCEPT;
    }

    /**
     * Whether an event listed at {@code eventApiVersion} has another shape than the endpoint would have sent. Stripe
     * renders a listed event at the account's version of the event's creation; an endpoint that is not pinned gets
     * events at the account's version too, so only a pinned endpoint can differ.
     */
    boolean rendersDifferently(String eventApiVersion) {
        return apiVersion.isPresent()
                && eventApiVersion != null
                && !apiVersion.get().equals(eventApiVersion);
    }
}
