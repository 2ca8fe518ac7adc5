package dev.stripeoperator.receiver.observe;

import java.util.Locale;

/** What became of one delivery. */
public enum DeliveryOutcome {
    /** Stored for the first time and acknowledged. */
    ACCEPTED,
    /** Already stored; acknowledged with {@code duplicate: true}. */
    DUPLICATE,
    /** Stored with status {@code ignored} (type not enabled) and acknowledged. */
    IGNORED,
    /** Refused with a 4xx. */
    REJECTED,
    /** Not stored, answered 503 so that Stripe retries. */
    UNAVAILABLE;

    private final String code = name().toLowerCase(Locale.ROOT);

    /** Lower-case name for tags and logs. */
    public String code() {
        return code;
    }

    /** True when the delivery was acknowledged with a 2xx. */
    public boolean acknowledged() {
        return this == ACCEPTED || this == DUPLICATE || this == IGNORED;
    }
}
