package dev.stripeoperator.operator.endpoint;

import dev.stripeoperator.contract.PlainPath;

/** Schema patterns for exposure hostnames and paths. */
public final class Hostnames {

    /** A lowercase DNS name of at least two labels. */
    public static final String PATTERN = "^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

    /** An exposure path: a plain one, as the receiver's own path must be. */
    public static final String PATH_PATTERN = PlainPath.PATTERN;
    /** Longer paths are refused, which bounds the cost of the CRD's rule over them. */
    public static final int MOST_PATH_CHARACTERS = PlainPath.MOST_CHARACTERS;
    /** The CRD's rule on an exposure's path, with {@code has()} for the optional field. */
    public static final String PATH_RULE = "!has(self.path) || self.path.matches('" + PATH_PATTERN + "')";
    /** Why the CRD refuses a path; the operator says the same of one admitted before the rule. */
    public static final String PATH_MESSAGE = "path must be " + PlainPath.DESCRIPTION;

    private Hostnames() {}

    /** Whether the CRD's rule takes {@code path} as an exposure's path. */
    public static boolean isPlainPath(String path) {
        return PlainPath.isPlain(path);
    }
}
