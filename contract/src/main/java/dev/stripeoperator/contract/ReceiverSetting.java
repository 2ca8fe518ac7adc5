package dev.stripeoperator.contract;

/**
 * Every environment variable the receiver image reads, by its name; the operator sets its pods' environment from
 * these and nothing else. The README's receiver settings table lists exactly these (checked by the demo module's
 * tests), and the meaning of each is documented there.
 */
public enum ReceiverSetting {

    // serve: HTTP and identity
    /** HTTP port. */
    PORT,
    /** The path that takes Stripe's POSTs. */
    WEBHOOK_PATH,
    /** The dedupe namespace, {@code <namespace>/<name>} of the endpoint. */
    ENDPOINT_NAME,
    /** {@code text} or {@code json}: how log lines are written ({@link LogFormat}); every command reads it. */
    LOG_FORMAT,

    // signing secrets
    /** A mounted Secret with the {@link SigningSecretFiles}, re-read while the receiver runs. */
    SIGNING_SECRETS_DIR,
    /** The signing secret itself, for local use without a directory. */
    STRIPE_WEBHOOK_SECRET,
    /** A second accepted signing secret, for local use. */
    STRIPE_WEBHOOK_SECRET_PREVIOUS,

    // database
    /** PostgreSQL JDBC URL, from a Secret key. */
    DATABASE_URL,
    /** Database user when not in the URL. */
    DATABASE_USER,
    /** Database password when not in the URL. */
    DATABASE_PASSWORD,
    /** Most pooled connections. */
    DATABASE_POOL_SIZE,
    /** Where an embedded database keeps its data (local use). */
    DATA_DIR,

    // deliveries: what Stripe sends
    /** Accepted age of a signature timestamp, in seconds. */
    SIGNATURE_TOLERANCE_SECONDS,
    /** Largest accepted body. */
    MAX_BODY_BYTES,
    /** Most open client connections. */
    MAX_CONNECTIONS,
    /** Longest a body may take to arrive. */
    BODY_READ_TIMEOUT,
    /** Longest a whole request, headers and body, may take to arrive from the connection's accept. */
    REQUEST_READ_TIMEOUT,
    /** {@code true} or {@code false}: the mode whose events are stored for forwarding. */
    LIVEMODE,
    /** Comma list of event types, {@code *} wildcards. */
    ENABLED_EVENTS,

    // forwarding: what the receiver sends on
    /** Where events are forwarded; unset: store only. */
    SINK_URL,
    /**
     * A mounted Secret with the Standard Webhooks keys forwarded events are signed with, laid out as the
     * {@link SigningSecretFiles}; re-read while the receiver runs.
     */
    FORWARDING_SIGNING_KEYS_DIR,
    /** The forwarding signing key itself ({@code whsec_<base64>}), for local use. */
    FORWARDING_SIGNING_KEY,
    /** File with a bearer token sent to the sink as {@code Authorization: Bearer} (a mounted Secret). */
    SINK_BEARER_TOKEN_FILE,
    /**
     * {@code true}: a thin event is forwarded as the full event fetched from Stripe's API ({@code /v2/core/events/{id}})
     * with the key of {@link #STRIPE_API_KEY_FILE}.
     */
    FORWARDING_FETCH_FULL_EVENT,
    /** Forwarding attempts before an event is dead. */
    FORWARDING_MAX_ATTEMPTS,
    /** First wait after a failed attempt. */
    FORWARDING_BACKOFF_BASE,
    /** Longest wait between attempts. */
    FORWARDING_BACKOFF_MAX,
    /** Longest single attempt. */
    FORWARDING_TIMEOUT,
    /** How long a claimed event is reserved for one replica. */
    FORWARDING_LEASE,
    /** Events in flight per replica. */
    FORWARDING_CONCURRENCY,
    /** How often an idle worker looks for due events. */
    FORWARDING_POLL_INTERVAL,
    /** Pool connections the forwarding side may use. */
    FORWARDING_DB_CONNECTIONS,
    /** Finished rows (delivered, ignored) older than this many days are deleted; undelivered ones never are. */
    RETENTION_DAYS,
    /** How often the retention sweep runs. */
    RETENTION_SWEEP_INTERVAL,

    // backfill: the reconcile command
    /** File with the Stripe API key (a mounted Secret); also read by {@code serve} to fetch full events. */
    STRIPE_API_KEY_FILE,
    /** The Stripe API key itself, for local use. */
    STRIPE_API_KEY,
    /** API base instead of Stripe's (stripe-mock, tests). */
    STRIPE_API_BASE,
    /** How far back a backfill lists events. */
    RECONCILE_LOOKBACK,
    /** Most list requests per second. */
    RECONCILE_PAGES_PER_SECOND,
    /** stripe-java retries per request. */
    RECONCILE_MAX_NETWORK_RETRIES,
    /** The Stripe webhook endpoint ({@code we_...}) whose types and API version to backfill for. */
    STRIPE_ENDPOINT_ID,
    /** {@code true} for a Connect endpoint. */
    RECONCILE_CONNECT,
    /**
     * What the endpoint receives, as Stripe's event destinations say it: {@code snapshot} (webhook endpoints, listed at
     * {@code /v1/events}), {@code thin} (listed at {@code /v2/core/events}) or {@code both}.
     */
    RECONCILE_EVENT_PAYLOAD,
    /** Comma list of connected accounts always listed. */
    RECONCILE_CONNECTED_ACCOUNTS,
    /** Where a run's summary JSON goes: a {@link BackfillSummary}, or a {@link ReplaySummary}. */
    TERMINATION_MESSAGE_PATH
}
