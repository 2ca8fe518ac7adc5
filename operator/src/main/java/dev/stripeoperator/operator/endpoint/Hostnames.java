package dev.stripeoperator.operator.endpoint;

import java.util.regex.Pattern;

/** Schema patterns for exposure hostnames and paths. */
public final class Hostnames {

    /** A lowercase DNS name of at least two labels. */
    public static final String PATTERN = "^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

    /** A path segment: RFC 3986's unreserved characters, not dots alone (so never {@code .} or {@code ..}). */
    private static final String SEGMENT = "[A-Za-z0-9._~-]*[A-Za-z0-9_~-][A-Za-z0-9._~-]*";
    /**
     * An exposure path: {@code /}, or segments each after a single slash, without a trailing one. Nothing an ingress
     * controller, a Gateway or the receiver's router reads as more than itself: no route pattern ({@code {id}},
     * {@code *}, {@code [..]}), no percent-encoding, query, fragment or parameters, no dot segments to normalize away.
     * Written for both Java and the API server's regular expressions (RE2), with no escapes, for CEL.
     */
    public static final String PATH_PATTERN = "^/(" + SEGMENT + "(/" + SEGMENT + ")*)?$";
    /** Longer paths are refused, which bounds the cost of the CRD's rule over them. */
    public static final int MOST_PATH_CHARACTERS = 1024;
    /** The CRD's rule on an exposure's path, with {@code has()} for the optional field. */
    public static final String PATH_RULE = "!has(self.path) || self.path.matches('" + PATH_PATTERN + "')";
    /** Why the CRD refuses a path; the operator says the same of one admitted before the rule. */
    public static final String PATH_MESSAGE =
            "path must be a plain absolute path: letters, digits, '.', '_', '~' and '-'"
                    + " between single slashes, no segment of dots only, no trailing slash (no route patterns such as '{id}'"
                    + " or '*', no '%', '?', '#' or ';')";

    private static final Pattern PLAIN_PATH = Pattern.compile(PATH_PATTERN);

    private Hostnames() {}

    /** Whether the CRD's rule takes {@code path} as an exposure's path. */
    public static boolean isPlainPath(String path) {
        return PLAIN_PATH.matcher(path).matches();
    }
}
