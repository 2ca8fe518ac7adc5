package dev.stripeoperator.operator.endpoint;

import dev.stripeoperator.contract.PlainPath;

/** Schema patterns and rules for exposure hostnames and paths. */
public final class Hostnames {

    /** A lowercase DNS name of at least two labels. */
    public static final String PATTERN = "^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

    /** The CRD's rule on an exposure's path, a plain one as the receiver's own must be ({@link PlainPath}). */
    public static final String PATH_RULE = "!has(self.path) || self.path.matches('" + PlainPath.PATTERN + "')";
    /** Why the CRD refuses a path; the operator says the same of one admitted before the rule. */
    public static final String PATH_MESSAGE = "path must be " + PlainPath.DESCRIPTION;

    private Hostnames() {}
}
