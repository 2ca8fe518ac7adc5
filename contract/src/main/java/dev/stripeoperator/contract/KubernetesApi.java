package dev.stripeoperator.contract;

/**
 * The operator's API group and version, and the label and annotation keys and values on everything it creates.
 * Label values are part of the contract too: selectors, dashboards and the operator's own watches match on them.
 */
public final class KubernetesApi {

    /** API group of StripeWebhookEndpoint and StripeWebhookReplay. */
    public static final String GROUP = "webhooks.stripe-operator.dev";
    /** API version of StripeWebhookEndpoint and StripeWebhookReplay. */
    public static final String VERSION = "v1alpha1";

    /** {@code app.kubernetes.io/name}: {@link #APP_NAME} on every child. */
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    /** {@code app.kubernetes.io/instance}: the name of the endpoint a child belongs to. */
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    /** {@code app.kubernetes.io/component}: one of the components below. */
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    /** {@code app.kubernetes.io/part-of}: {@link #OPERATOR}. */
    public static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
    /** {@code app.kubernetes.io/managed-by}: {@link #OPERATOR}. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

    /** The operator's name, as managed-by and part-of. */
    public static final String OPERATOR = "stripe-webhook-operator";
    /** The application every child belongs to. */
    public static final String APP_NAME = "stripe-webhook-receiver";
    /** Component of the receiver Deployment, its pods, Service and network objects. */
    public static final String COMPONENT_RECEIVER = "receiver";
    /**
     * Component of the backfill CronJob, its Jobs and pods: the word of the command they run,
     * {@code reconcile}, which selectors written for earlier versions match.
     */
    public static final String COMPONENT_BACKFILL = ReceiverCommand.RECONCILE.word();
    /**
     * Component of the Jobs and pods a StripeWebhookReplay runs, the receiver's {@code replay} or {@code discard}
     * command.
     */
    public static final String COMPONENT_REPLAY = "replay";
    /** Component of the operator's signing Secret. */
    public static final String COMPONENT_SIGNING = "signing-secret";
    /** Component of the operator's forwarding key Secret, which the application mounts to verify forwarded events. */
    public static final String COMPONENT_FORWARDING_KEY = "forwarding-key";

    /** Selects everything the operator manages. */
    public static final String MANAGED_BY_SELECTOR = MANAGED_BY_LABEL + "=" + OPERATOR;
    /** Selects every endpoint's signing Secret. */
    public static final String SIGNING_SECRETS_SELECTOR =
            MANAGED_BY_SELECTOR + "," + COMPONENT_LABEL + "=" + COMPONENT_SIGNING;
    /** Selects every endpoint's forwarding key Secret. */
    public static final String FORWARDING_KEYS_SELECTOR =
            MANAGED_BY_SELECTOR + "," + COMPONENT_LABEL + "=" + COMPONENT_FORWARDING_KEY;
    /** Selects the pods of every endpoint's backfill Jobs. */
    public static final String BACKFILL_PODS_SELECTOR =
            MANAGED_BY_SELECTOR + "," + COMPONENT_LABEL + "=" + COMPONENT_BACKFILL;

    /** Selects the pods of every StripeWebhookReplay's Job. */
    public static final String REPLAY_PODS_SELECTOR =
            MANAGED_BY_SELECTOR + "," + COMPONENT_LABEL + "=" + COMPONENT_REPLAY;
    /** Selects every Job the operator's resources run: backfills and replays. */
    public static final String JOBS_SELECTOR =
            MANAGED_BY_SELECTOR + "," + COMPONENT_LABEL + " in (" + COMPONENT_BACKFILL + "," + COMPONENT_REPLAY + ")";
    /** Label of a replay's Job and pod: the name of the StripeWebhookReplay that runs it. */
    public static final String REPLAY_LABEL = GROUP + "/replay";

    /**
     * Pod template annotation with the database Secret's uid and resourceVersion ({@code <uid>/<resourceVersion>}): a
     * changed Secret rolls the receiver's pods, and the value tells nothing of the URL (and its password) to anyone who
     * may read pods.
     */
    public static final String DATABASE_SECRET_VERSION_ANNOTATION = GROUP + "/database-secret-version";

    /** Signing Secret annotation: the managed Stripe endpoint (we_...) whose secret is {@code current}. */
    public static final String STRIPE_ENDPOINT_ANNOTATION = GROUP + "/stripe-endpoint-id";
    /** Signing Secret annotation: during a rotation, the replaced Stripe endpoint whose secret is {@code previous}. */
    public static final String PREVIOUS_STRIPE_ENDPOINT_ANNOTATION = GROUP + "/previous-stripe-endpoint-id";
    /**
     * Annotation on the forwarding key Secret: the {@code spec.sink.signing.rotation} value its current key was made
     * for. A spec with another value gets a new key, the old one kept as previous for the grace period.
     */
    public static final String FORWARDING_KEY_ROTATION_ANNOTATION = GROUP + "/forwarding-key-rotation";
    /** Signing Secret annotation: the installation (ClusterIdentity) that made or adopted the recorded Stripe endpoints. */
    public static final String STRIPE_OWNER_ANNOTATION = GROUP + "/stripe-owner";
    /**
     * Signing Secret annotation: the API key Secret ({@code name/key}) the recorded Stripe endpoints were made with,
     * which deletes them when the spec names another key or stops managing them.
     */
    public static final String STRIPE_API_KEY_ANNOTATION = GROUP + "/stripe-api-key";
    /**
     * Annotation a person sets on a managed endpoint to rotate its Stripe secret now (any new value starts one rotation,
     * as rotateEvery would); the signing Secret records the last value handled.
     */
    public static final String ROTATE_ANNOTATION = GROUP + "/rotate-stripe-secret";
    /**
     * Annotation a person sets on an endpoint ({@code "true"}) to let go of its Stripe endpoints instead of deleting them:
     * when it stops managing them, changes key or cluster identity, or is deleted while Stripe cannot be reached.
     */
    public static final String RELEASE_ANNOTATION = GROUP + "/release-stripe-endpoints";
    /**
     * The finalizer a managed endpoint holds on its Stripe API key Secret ({@code <prefix><endpoint name>}), so that
     * deleting the namespace leaves the key until the endpoint's Stripe endpoints are deleted with it.
     */
    public static final String API_KEY_FINALIZER_PREFIX = GROUP + "/stripe-cleanup-";

    private KubernetesApi() {}
}
