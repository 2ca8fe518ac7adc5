package dev.stripeoperator.operator.stripe;

import java.time.Duration;

/**
 * Why an endpoint's exposure is not yet its own and in place, so that Stripe is told of no URL before it is.
 *
 * @param reason what the endpoint waits for, as its status says it
 * @param recheckAfter when to look again without any event; null when an event or the reconcile's recheck of a
 *     conflict wakes it
 */
public record ExposureWait(String reason, Duration recheckAfter) {}
