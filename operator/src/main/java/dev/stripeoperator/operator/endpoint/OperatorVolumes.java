package dev.stripeoperator.operator.endpoint;

import java.util.List;

/**
 * The volumes the operator gives the receiver and backfill pods itself, by name: the volumes and mounts an endpoint or
 * the operator's defaults add ({@link ReceiverPod#volumes()}) take other names, and other paths than the image's own
 * ({@code ReceiverImage.OWN_PATHS}).
 */
public final class OperatorVolumes {

    /** The endpoint's signing Secret {@code <name>-signing}. */
    public static final String SIGNING_SECRETS = "signing-secrets";
    /** The endpoint's forwarding key Secret {@code <name>-forwarding}. */
    public static final String FORWARDING_KEYS = "forwarding-keys";
    /** The sink's bearer token. */
    public static final String SINK_TOKEN = "sink-token";
    /** The Stripe API key of the backfill and the full-event fetch. */
    public static final String STRIPE_API_KEY = "stripe-api-key";
    /** The writable {@code /tmp} under the read-only root. */
    public static final String TMP = "tmp";

    /** Every one of them. */
    public static final List<String> NAMES = List.of(SIGNING_SECRETS, FORWARDING_KEYS, SINK_TOKEN, STRIPE_API_KEY, TMP);

    private OperatorVolumes() {}
}
