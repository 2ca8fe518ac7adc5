package dev.stripeoperator.operator.endpoint;

/** Schema patterns for exposure hostnames and paths. */
public final class Hostnames {

    /** A lowercase DNS name of at least two labels. */
    public static final String PATTERN = "^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
    /** An absolute URL path without query, fragment or whitespace. */
    public static final String PATH_PATTERN = "^/[^?#\\s]*$";

    private Hostnames() {}
}
