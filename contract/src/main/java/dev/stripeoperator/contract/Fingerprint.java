package dev.stripeoperator.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The printable identity of a secret, the only form in which one appears in status, annotations or logs:
 * {@code sha256:} and the first 8 hex digits of the SHA-256 of its value.
 */
public final class Fingerprint {

    private Fingerprint() {}

    /** The fingerprint of this secret value. */
    public static String of(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
