package dev.stripeoperator.operator.stripe;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.ApiRequestParams;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.WebhookEndpointListParams;
import com.stripe.param.WebhookEndpointUpdateParams;

/** The webhook endpoints of one Stripe account, through stripe-java, seen as one owner (a resource) sees them. */
final class StripeEndpoints {

    private static final long PAGE = 100;
    /** stripe-java retries connection errors, 409 and 5xx this often, with its own backoff. */
    private static final int NETWORK_RETRIES = 2;

    private final StripeClient client;
    private final EndpointOwner owner;

    StripeEndpoints(String apiKey, String apiBase, EndpointOwner owner) {
        this.client = StripeClient.builder()
                .setApiKey(apiKey)
                .setApiBase(apiBase)
                .setMaxNetworkRetries(NETWORK_RETRIES)
                .build();
        this.owner = owner;
    }

    /**
     * The owner's endpoints, newest first: this installation's, and those an earlier version made without an
     * installation's identity whose ids the resource recorded ({@code recorded}); others' are never returned.
     */
    List<WebhookEndpoint> owned(Set<String> recorded) throws StripeException {
        List<WebhookEndpoint> owned = new ArrayList<>();
        for (WebhookEndpoint endpoint : client.v1()
                .webhookEndpoints()
                .list(WebhookEndpointListParams.builder().setLimit(PAGE).build())
                .autoPagingIterable()) {
            if (owner.owns(endpoint) || (owner.madeWithoutIdentity(endpoint) && recorded.contains(endpoint.getId()))) {
                owned.add(endpoint);
            }
        }
        return owned;
    }

    /** Whether {@code endpoint} carries this installation's identity. */
    boolean ownedByThisInstallation(WebhookEndpoint endpoint) {
        return owner.owns(endpoint);
    }

    /** Writes this installation's identity into an endpoint an earlier version made without one. */
    WebhookEndpoint adopt(String id) throws StripeException {
        return client.v1()
                .webhookEndpoints()
                .update(
                        id,
                        WebhookEndpointUpdateParams.builder()
                                .setDescription(owner.description())
                                .putAllMetadata(owner.metadata())
                                .build());
    }

    /** Registers an endpoint for the owner; the answer is the only one that carries its secret. */
    WebhookEndpoint create(String url, List<String> events, String apiVersion) throws StripeException {
        WebhookEndpointCreateParams.Builder params = WebhookEndpointCreateParams.builder()
                .setUrl(url)
                .setDescription(owner.description())
                .putAllMetadata(owner.metadata())
                // The version is pinned by the user or the operator, possibly newer than stripe-java's list of them.
                .putExtraParam("api_version", apiVersion);
        for (String type : events) {
            params.addEnabledEvent(event(WebhookEndpointCreateParams.EnabledEvent.values(), type));
        }
        return client.v1().webhookEndpoints().create(params.build());
    }

    /** Sets an endpoint's URL and events. */
    WebhookEndpoint update(String id, String url, List<String> events) throws StripeException {
        WebhookEndpointUpdateParams.Builder params =
                WebhookEndpointUpdateParams.builder().setUrl(url);
        for (String type : events) {
            params.addEnabledEvent(event(WebhookEndpointUpdateParams.EnabledEvent.values(), type));
        }
        return client.v1().webhookEndpoints().update(id, params.build());
    }

    /** Deletes an endpoint; false when Stripe no longer has it (404). */
    boolean delete(String id) throws StripeException {
        try {
            client.v1().webhookEndpoints().delete(id);
            return true;
        } catch (InvalidRequestException e) {
            if (e.getStatusCode() != null && e.getStatusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The SDK's constant for an event type; create and update parameters each have their own enum of them. */
    private static <E extends Enum<E> & ApiRequestParams.EnumParam> E event(E[] events, String type) {
        for (E event : events) {
            if (event.getValue().equals(type)) {
                return event;
            }
        }
        throw new IllegalArgumentException("unknown event type " + type);
    }
}
