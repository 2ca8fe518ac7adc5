package dev.stripeoperator.receiver.forwarding;

import java.util.Locale;

/** What became of one forwarding attempt. */
enum ForwardingOutcome {
    /** The sink took the event (2xx). */
    DELIVERED,
    /** Not taken this time; another attempt is scheduled. */
    RETRY,
    /** Given up: the sink refused it for good, or the attempts ran out. */
    DEAD;

    /** Lower-case name for metric tags and logs. */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
