package dev.stripeoperator.contract;

import java.util.regex.Pattern;

/**
 * The paths a receiver serves Stripe on ({@link ReceiverSetting#WEBHOOK_PATH}) and an endpoint is exposed at: nothing an
 * ingress controller, a Gateway or the receiver's router reads as more than itself.
 */
public final class PlainPath {

    /** A path segment: RFC 3986's unreserved characters, not dots alone (so never {@code .} or {@code ..}). */
    private static final String SEGMENT = "[A-Za-z0-9._~-]*[A-Za-z0-9_~-][A-Za-z0-9._~-]*";
    /**
     * {@code /}, or segments each after a single slash, without a trailing one: no route pattern ({@code {id}},
     * {@code *}, {@code [..]}), no percent-encoding, query, fragment or parameters, no dot segments to normalize away.
     * Written for both Java and the API server's regular expressions (RE2), with no escapes, for CEL.
     */
    public static final String PATTERN = "^/(" + SEGMENT + "(/" + SEGMENT + ")*)?$";
    /** Longer paths are refused, which bounds the cost of the CRD's rule over them. */
    public static final int MOST_CHARACTERS = 1024;
    /** What a plain path is, in words, for error messages. */
    public static final String DESCRIPTION = "a plain absolute path: letters, digits, '.', '_', '~' and '-'"
            + " between single slashes, no segment of dots only, no trailing slash (no route patterns such as '{id}'"
            + " or '*', no '%', '?', '#' or ';')";

    private static final Pattern PLAIN = Pattern.compile(PATTERN);

    private PlainPath() {}

    /** Whether {@code path} is plain and no longer than {@link #MOST_CHARACTERS}. */
    public static boolean isPlain(String path) {
        return path.length() <= MOST_CHARACTERS && PLAIN.matcher(path).matches();
    }
}
