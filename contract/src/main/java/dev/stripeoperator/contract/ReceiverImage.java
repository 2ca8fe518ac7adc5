package dev.stripeoperator.contract;

import java.util.List;

/**
 * The receiver image as the operator runs it: its user, port and paths, where its Secrets are mounted, and the
 * defaults the operator relies on when it leaves a setting unset.
 */
public final class ReceiverImage {

    /** The numeric user and group of the image ({@code receiver/Dockerfile}); pods run as it and own their volumes. */
    public static final long USER = 10001;
    /** The HTTP port, also the Service's port ({@link ReceiverSetting#PORT}). */
    public static final int PORT = 8080;
    /** The path that takes Stripe's POSTs when no other is set ({@link ReceiverSetting#WEBHOOK_PATH}). */
    public static final String WEBHOOK_PATH = "/webhooks/stripe";
    /** Where health and metrics are served. */
    public static final String OBSERVE_PATH = "/observe";
    /** Readiness: the database is reachable and migrated, and the receiver is not shutting down. */
    public static final String READINESS_PATH = OBSERVE_PATH + "/health/ready";
    /**
     * The readiness probe's timeout: longer than the receiver's readiness check can take (a pooled connection within
     * 2 s, validated within 1 s), so a slow database shows as not ready rather than as probe timeouts.
     */
    public static final int READINESS_TIMEOUT_SECONDS = 5;
    /** Liveness: the writers make progress. */
    public static final String LIVENESS_PATH = OBSERVE_PATH + "/health/live";
    /** Where receiver pods mount the signing Secret ({@link ReceiverSetting#SIGNING_SECRETS_DIR}). */
    public static final String SIGNING_SECRETS_DIR = "/etc/stripe/signing";
    /** Where receiver pods mount the forwarding key Secret ({@link ReceiverSetting#FORWARDING_SIGNING_KEYS_DIR}). */
    public static final String FORWARDING_KEYS_DIR = "/etc/stripe/forwarding";
    /** Where receiver pods mount the sink's bearer token Secret. */
    public static final String SINK_TOKEN_DIR = "/etc/stripe/sink";
    /** The token's file name in {@link #SINK_TOKEN_DIR}, whatever the key in the user's Secret. */
    public static final String SINK_TOKEN_FILE_NAME = "token";
    /** Where backfill pods, and receiver pods that fetch full events, mount the Stripe API key Secret. */
    public static final String API_KEY_DIR = "/etc/stripe/api";
    /** The name of the API key's file in {@link #API_KEY_DIR}, whatever the key in the user's Secret. */
    public static final String API_KEY_FILE_NAME = "key";
    /** The API key's file ({@link ReceiverSetting#STRIPE_API_KEY_FILE}). */
    public static final String API_KEY_FILE = API_KEY_DIR + "/" + API_KEY_FILE_NAME;
    /** Where the backfill writes its summary unless told otherwise: the kubelet's default termination message file. */
    public static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";
    /** Where the image keeps the jar and its libraries (its {@code WORKDIR}). */
    public static final String APP_DIR = "/app";
    /** The one directory the receiver writes to under its read-only root: an emptyDir in the operator's pods. */
    public static final String TMP_DIR = "/tmp";
    /**
     * The paths the image and the operator's pods use for themselves: a volume an endpoint adds may be mounted neither
     * at one of them nor above or below one, where it would hide it or be hidden.
     */
    public static final List<String> OWN_PATHS = List.of(
            APP_DIR,
            SIGNING_SECRETS_DIR,
            FORWARDING_KEYS_DIR,
            SINK_TOKEN_DIR,
            API_KEY_DIR,
            TMP_DIR,
            TERMINATION_MESSAGE_PATH);
    /** Accepted age of a signature timestamp when {@link ReceiverSetting#SIGNATURE_TOLERANCE_SECONDS} is unset. */
    public static final long SIGNATURE_TOLERANCE_SECONDS = 300;
    /** Largest accepted body when {@link ReceiverSetting#MAX_BODY_BYTES} is unset. */
    public static final long MAX_BODY_BYTES = 1_048_576;
    /** How far back a backfill lists when {@link ReceiverSetting#RECONCILE_LOOKBACK} is unset. */
    public static final String LOOKBACK = "26h";
    /** Days finished events are kept when {@link ReceiverSetting#RETENTION_DAYS} is unset. */
    public static final int RETENTION_DAYS = 90;

    private ReceiverImage() {}
}
