package dev.stripeoperator.operator.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.stripeoperator.operator.endpoint.ConditionReason;

/**
 * What one reconcile found and did in Stripe for a managed endpoint (or one that stopped being managed).
 *
 * @param endpointId the Stripe endpoint whose secret is current; null when none is registered
 * @param state {@code enabled} or {@code disabled}, as Stripe reports it; null when none is registered
 * @param apiVersion the API version Stripe renders the endpoint's events in
 * @param previousEndpointId during a rotation, the replaced Stripe endpoint still delivering; null otherwise
 * @param createdSecret the signing secret Stripe answered for an endpoint created by this reconcile, or created
 *     earlier and not yet stored; null otherwise
 * @param nextRotationAt when the next automatic rotation starts; null without rotateEvery
 * @param reason the StripeRegistered condition's reason
 * @param message the condition's message: ids and outcomes, never a secret or key
 * @param recheckAfter when to look at Stripe again without any event; null when nothing is due
 * @param record what the signing Secret is to record of the Stripe endpoints after this reconcile
 */
public record StripeRegistration(
        String endpointId,
        String state,
        String apiVersion,
        String previousEndpointId,
        String createdSecret,
        Instant nextRotationAt,
        ConditionReason reason,
        String message,
        Duration recheckAfter,
        StripeRecord record) {

    /** A registration that could not go ahead: nothing in Stripe changed, the signing Secret keeps {@code record}. */
    public static StripeRegistration failed(
            ConditionReason reason, String message, Duration recheckAfter, StripeRecord record) {
        return new StripeRegistration(null, null, null, null, null, null, reason, message, recheckAfter, record);
    }

    /** Whether Stripe is in the state the spec asks for (the condition is True). */
    public boolean registered() {
        return reason == ConditionReason.REGISTERED
                || reason == ConditionReason.ROTATING
                || reason == ConditionReason.ROTATION_WAITING;
    }

    /** The secret of an endpoint created now, to store as the current signing secret. */
    public Optional<String> newSecret() {
        return Optional.ofNullable(createdSecret);
    }

    /** The same registration, to be checked again after {@code recheck}, without a secret to store. */
    StripeRegistration remembered(Duration recheck) {
        return new StripeRegistration(
                endpointId,
                state,
                apiVersion,
                previousEndpointId,
                null,
                nextRotationAt,
                reason,
                message,
                recheck,
                record);
    }

    @Override
    public String toString() {
        return "StripeRegistration[endpointId=" + endpointId + ", state=" + state + ", previousEndpointId="
                + previousEndpointId + ", createdSecret=" + (createdSecret != null) + ", reason=" + reason + "]";
    }
}
