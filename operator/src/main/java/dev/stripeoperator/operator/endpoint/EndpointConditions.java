package dev.stripeoperator.operator.endpoint;

/** Condition types of a StripeWebhookEndpoint. */
public final class EndpointConditions {

    /** Everything below that applies is true: Stripe can deliver and events are stored. */
    public static final String READY = "Ready";
    /** Every referenced Secret exists and has a non-empty value at its key, and the sink would get no token in clear. */
    public static final String SECRETS_READY = "SecretsReady";
    /** The receiver Deployment has at least one available pod. */
    public static final String RECEIVER_AVAILABLE = "ReceiverAvailable";
    /** The backfill CronJob exists (False with reason NotConfigured when reconciliation is off). */
    public static final String RECONCILIATION_SCHEDULED = "ReconciliationScheduled";
    /** The Ingress or HTTPRoute exists (False with reason NotConfigured when not exposed). */
    public static final String EXPOSED = "Exposed";
    /**
     * With reconciliation on: whether runs know which event types the Stripe endpoint is sent (its id, or
     * enabledEvents). A warning when False; it does not make the endpoint unready.
     */
    public static final String RECONCILIATION_SCOPED = "ReconciliationScoped";
    /** With reconciliation: a backfill Job (scheduled or started by hand) is running now; its result is lastReconciliation. */
    public static final String BACKFILL_RUNNING = "BackfillRunning";
    /** A StripeWebhookReplay's Job is replaying or discarding this endpoint's events now; its result is in that replay. */
    public static final String REPLAY_RUNNING = "ReplayRunning";
    /** With stripe.manage: the Stripe endpoint exists for status.url with the spec's events, and Stripe has it enabled. */
    public static final String STRIPE_REGISTERED = "StripeRegistered";

    private EndpointConditions() {}
}
