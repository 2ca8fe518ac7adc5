package dev.stripeoperator.operator.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.stripeoperator.operator.endpoint.ConditionReason;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.EndpointConditions;
import dev.stripeoperator.operator.endpoint.LastReconciliation;
import dev.stripeoperator.operator.endpoint.SigningSecretsStatus;
import dev.stripeoperator.operator.endpoint.StripeEndpointStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;

/**
 * The Events that tell an endpoint's story, read from how its status changed: each is recorded once, when the change
 * happens, never again while the state stays (the status persists, so a restarted operator does not repeat them).
 * Built from the status alone, they can hold only what it holds: names, reasons and fingerprints.
 */
public final class EndpointEvents {

    /** A signing secret was replaced; the previous one is accepted until its expiry. */
    public static final String ROTATION_STARTED = "RotationStarted";
    /** The previous signing secret's grace ended; only the current one is accepted. */
    public static final String PREVIOUS_SECRET_REMOVED = "PreviousSecretRemoved";
    /** Every referenced Secret has its key again after one was missing or empty. */
    public static final String SECRETS_FOUND = ConditionReason.SECRETS_FOUND.reason();
    /** The Ingress or HTTPRoute was not made: another endpoint serves the host and path. */
    public static final String PATH_CONFLICT = ConditionReason.PATH_CONFLICT.reason();
    /** The Ingress or HTTPRoute was not made: the path is one the CRD refuses, in an endpoint stored before it did. */
    public static final String INVALID_PATH = ConditionReason.INVALID_PATH.reason();
    /** A backfill run stored events that Stripe never delivered. */
    public static final String BACKFILL_RECOVERED_EVENTS = "BackfillRecoveredEvents";
    /** A backfill run failed. */
    public static final String BACKFILL_FAILED = "BackfillFailed";
    /** The operator registered (or adopted) the endpoint in Stripe. */
    public static final String STRIPE_ENDPOINT_REGISTERED = "StripeEndpointRegistered";
    /** An automatic rotation registered a second Stripe endpoint for the same URL; both deliver for a while. */
    public static final String STRIPE_ROTATION_STARTED = "StripeRotationStarted";
    /** An automatic rotation ended: the replaced Stripe endpoint was deleted. */
    public static final String STRIPE_ENDPOINT_REPLACED = "StripeEndpointReplaced";
    /** Stripe endpoints the endpoint no longer manages (manage off, another key or identity) were deleted. */
    public static final String STRIPE_ENDPOINTS_RETIRED = "StripeEndpointsRetired";
    /** Asked to by its annotation, the operator let go of Stripe endpoints without deleting them. */
    public static final String STRIPE_ENDPOINTS_RELEASED = "StripeEndpointsReleased";
    /** Stripe endpoints the operator could not delete and stopped trying to: they keep delivering until deleted. */
    public static final String STRIPE_ENDPOINTS_LEFT_BEHIND = "StripeEndpointsLeftBehind";

    private EndpointEvents() {}

    /** Stripe endpoints {@code ids} deleted because {@code why}. */
    public static EndpointEvent stripeEndpointsRetired(String ids, String why) {
        return EndpointEvent.normal(STRIPE_ENDPOINTS_RETIRED, "deleted Stripe endpoints " + ids + ": " + why);
    }

    /** Stripe endpoints {@code ids} let go of, as the annotation asked; they keep delivering. */
    public static EndpointEvent stripeEndpointsReleased(String ids, String why) {
        return EndpointEvent.warning(
                STRIPE_ENDPOINTS_RELEASED,
                "released Stripe endpoints " + ids + " (" + why + "): they keep delivering until deleted in the"
                        + " Dashboard");
    }

    /** Stripe endpoints {@code ids} the operator gave up deleting, because {@code why}. */
    public static EndpointEvent stripeEndpointsLeftBehind(String ids, String why) {
        return EndpointEvent.warning(
                STRIPE_ENDPOINTS_LEFT_BEHIND,
                "left Stripe endpoints " + ids + " in Stripe (" + why + "): they keep delivering until deleted in the"
                        + " Dashboard");
    }

    /** The Events the change from {@code before} (null: no status yet) to {@code after} calls for, in that order. */
    public static List<EndpointEvent> between(StripeWebhookEndpointStatus before, StripeWebhookEndpointStatus after) {
        Optional<StripeWebhookEndpointStatus> previous = Optional.ofNullable(before);
        List<EndpointEvent> events = new ArrayList<>();
        secrets(
                        previous.flatMap(s -> s.condition(EndpointConditions.SECRETS_READY)),
                        after.condition(EndpointConditions.SECRETS_READY))
                .ifPresent(events::add);
        rotation(previous.map(StripeWebhookEndpointStatus::signingSecrets), Optional.ofNullable(after.signingSecrets()))
                .ifPresent(events::add);
        exposureRefused(
                        previous.flatMap(s -> s.condition(EndpointConditions.EXPOSED)),
                        after.condition(EndpointConditions.EXPOSED))
                .ifPresent(events::add);
        backfill(
                        previous.map(StripeWebhookEndpointStatus::lastReconciliation),
                        Optional.ofNullable(after.lastReconciliation()))
                .ifPresent(events::add);
        stripeFailure(
                        previous.flatMap(s -> s.condition(EndpointConditions.STRIPE_REGISTERED)),
                        after.condition(EndpointConditions.STRIPE_REGISTERED))
                .ifPresent(events::add);
        events.addAll(stripe(previous.map(StripeWebhookEndpointStatus::stripe), Optional.ofNullable(after.stripe())));
        return events;
    }

    /** A Secret missing or empty (again, or another one), or all of them back. */
    private static Optional<EndpointEvent> secrets(
            Optional<EndpointCondition> before, Optional<EndpointCondition> after) {
        if (after.isEmpty() || sameReasonAndMessage(before, after.get())) {
            return Optional.empty();
        }
        EndpointCondition now = after.get();
        if (!"True".equals(now.getStatus())) {
            return Optional.of(EndpointEvent.warning(now.getReason(), now.getMessage()));
        }
        boolean wasMissing = before.map(c -> !"True".equals(c.getStatus())).orElse(false);
        return wasMissing ? Optional.of(EndpointEvent.normal(SECRETS_FOUND, now.getMessage())) : Optional.empty();
    }

    private static Optional<EndpointEvent> rotation(
            Optional<SigningSecretsStatus> before, Optional<SigningSecretsStatus> after) {
        String previousBefore = before.map(SigningSecretsStatus::previous).orElse(null);
        String previousAfter = after.map(SigningSecretsStatus::previous).orElse(null);
        if (previousAfter != null && !previousAfter.equals(previousBefore)) {
            return Optional.of(EndpointEvent.normal(
                    ROTATION_STARTED,
                    "the signing secret changed to "
                            + after.get().current() + "; the previous one, " + previousAfter + ", is accepted until "
                            + after.get().previousExpiresAt()));
        }
        if (previousBefore != null && previousAfter == null) {
            return Optional.of(EndpointEvent.normal(
                    PREVIOUS_SECRET_REMOVED,
                    "the previous signing secret, "
                            + previousBefore + ", is no longer accepted; only "
                            + after.map(SigningSecretsStatus::current).orElse("-")
                            + " is"));
        }
        return Optional.empty();
    }

    /** No route made, because another endpoint holds the host and path or the path is refused. */
    private static Optional<EndpointEvent> exposureRefused(
            Optional<EndpointCondition> before, Optional<EndpointCondition> after) {
        if (after.isEmpty()
                || !List.of(PATH_CONFLICT, INVALID_PATH).contains(after.get().getReason())
                || sameReasonAndMessage(before, after.get())) {
            return Optional.empty();
        }
        return Optional.of(
                EndpointEvent.warning(after.get().getReason(), after.get().getMessage()));
    }

    /** A run finished since: a Warning when it failed or recovered events; a run that found nothing missing is no news. */
    private static Optional<EndpointEvent> backfill(
            Optional<LastReconciliation> before, Optional<LastReconciliation> after) {
        if (after.isEmpty() || before.map(LastReconciliation::time).equals(after.map(LastReconciliation::time))) {
            return Optional.empty();
        }
        LastReconciliation run = after.get();
        if (run.failed()) {
            return Optional.of(EndpointEvent.warning(
                    BACKFILL_FAILED,
                    "the backfill run that ended at " + run.time() + " says " + run.outcome()
                            + "; missed events are not recovered until a run succeeds"));
        }
        if (run.recovered() != null && run.recovered() > 0) {
            return Optional.of(EndpointEvent.warning(
                    BACKFILL_RECOVERED_EVENTS,
                    "the backfill run that ended at "
                            + run.time() + " recovered " + run.recovered()
                            + " events Stripe never delivered here; check the"
                            + " Stripe endpoint's delivery attempts"));
        }
        return Optional.empty();
    }

    /**
     * Stripe refusing or failing a call (bad key, rate limit, validation, the endpoint disabled …): a Warning when it
     * begins or its reason changes; not per retry, whose message may name the next attempt.
     */
    private static Optional<EndpointEvent> stripeFailure(
            Optional<EndpointCondition> before, Optional<EndpointCondition> after) {
        // RotationWaiting is True (the current endpoint delivers) yet wants a person: the account is full.
        // ExposureNotReady is every new endpoint's first step (its Ingress is made after it), or a PathConflict's echo.
        if (after.isEmpty()
                || ConditionReason.EXPOSURE_NOT_READY
                        .reason()
                        .equals(after.get().getReason())
                || ("True".equals(after.get().getStatus())
                        && !ConditionReason.ROTATION_WAITING
                                .reason()
                                .equals(after.get().getReason()))
                || before.filter(c -> Objects.equals(c.getStatus(), after.get().getStatus())
                                && Objects.equals(c.getReason(), after.get().getReason()))
                        .isPresent()) {
            return Optional.empty();
        }
        return Optional.of(
                EndpointEvent.warning(after.get().getReason(), after.get().getMessage()));
    }

    /** The steps the operator took in Stripe, each told once: registered, rotation started and ended. */
    private static List<EndpointEvent> stripe(
            Optional<StripeEndpointStatus> before, Optional<StripeEndpointStatus> after) {
        List<EndpointEvent> events = new ArrayList<>();
        if (after.isEmpty() || after.get().endpointId() == null) {
            return events;
        }
        StripeEndpointStatus now = after.get();
        String idBefore = before.map(StripeEndpointStatus::endpointId).orElse(null);
        String previousBefore =
                before.map(StripeEndpointStatus::previousEndpointId).orElse(null);
        if (now.previousEndpointId() != null && !now.previousEndpointId().equals(previousBefore)) {
            events.add(EndpointEvent.normal(
                    STRIPE_ROTATION_STARTED,
                    "registered Stripe endpoint " + now.endpointId()
                            + " for the same URL; " + now.previousEndpointId()
                            + " keeps delivering until the previous signing"
                            + " secret expires, then it is deleted"));
        } else if (idBefore == null) {
            events.add(EndpointEvent.normal(
                    STRIPE_ENDPOINT_REGISTERED,
                    "Stripe endpoint " + now.endpointId() + " delivers here"
                            + (now.apiVersion() == null ? "" : " at API version " + now.apiVersion())));
        }
        if (previousBefore != null && now.previousEndpointId() == null) {
            events.add(EndpointEvent.normal(
                    STRIPE_ENDPOINT_REPLACED,
                    "deleted Stripe endpoint " + previousBefore + "; only " + now.endpointId() + " delivers"));
        }
        return events;
    }

    private static boolean sameReasonAndMessage(Optional<EndpointCondition> before, EndpointCondition after) {
        return before.filter(c -> Objects.equals(c.getStatus(), after.getStatus())
                        && Objects.equals(c.getReason(), after.getReason())
                        && Objects.equals(c.getMessage(), after.getMessage()))
                .isPresent();
    }
}
