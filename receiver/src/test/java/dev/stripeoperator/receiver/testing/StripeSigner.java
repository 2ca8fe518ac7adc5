package dev.stripeoperator.receiver.testing;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

import com.stripe.net.Webhook;

/** Signs payloads the way Stripe does ({@code t=<ts>,v1=<hmac>}), with stripe-java's own HMAC helper. */
public final class StripeSigner {

    private StripeSigner() {}

    /** A header signed now with one secret. */
    public static String sign(String payload, String secret) {
        return sign(payload, Instant.now(), secret);
    }

    /** A header at this timestamp carrying one {@code v1=} signature per secret, in order. */
    public static String sign(String payload, Instant timestamp, String... secrets) {
        long t = timestamp.getEpochSecond();
        return "t=" + t
                + Arrays.stream(secrets)
                        .map(secret -> ",v1=" + hmac(secret, t + "." + payload))
                        .collect(Collectors.joining());
    }

    private static String hmac(String secret, String message) {
        try {
            return Webhook.Util.computeHmacSha256(secret, message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
