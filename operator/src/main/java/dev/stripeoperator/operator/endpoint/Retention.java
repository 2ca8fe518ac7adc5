package dev.stripeoperator.operator.endpoint;

/**
 * How long an endpoint's finished events are kept, written in days as {@code 90d} (the form CloudNativePG's backup
 * retention takes): a count of days, not a Kubernetes duration, because Kubernetes durations have no day unit and
 * retention is counted in days. The receiver gets it as RETENTION_DAYS.
 */
public final class Retention {

    /** 1 to 9999 days followed by {@code d}: the CRD's pattern and the chart-wide default's. */
    public static final String PATTERN = "^[1-9][0-9]{0,3}d$";

    private Retention() {}

    /** The number of days of a retention that matches {@link #PATTERN}. */
    public static int days(String retention) {
        if (retention == null || !retention.matches(PATTERN)) {
            throw new IllegalArgumentException("not a retention such as 90d: '" + retention + "'");
        }
        return Integer.parseInt(retention.substring(0, retention.length() - 1));
    }
}
