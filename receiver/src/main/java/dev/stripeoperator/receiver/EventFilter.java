package dev.stripeoperator.receiver;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What happens to a verified event before it is stored: ignored for the other mode or by type, or kept.
 */
public final class EventFilter {

    /** The filter's verdict for one event. */
    public enum Decision {
        /** Store as pending, to be forwarded. */
        ACCEPT,
        /** Store as ignored and acknowledge: the endpoint does not subscribe to this type. */
        IGNORE,
        /**
         * Store as ignored and acknowledge: the event is of the other mode (test vs live) than the endpoint takes.
         * Stripe sends test-mode events to live Connect endpoints by design; refusing them would only make Stripe
         * retry them for days.
         */
        WRONG_MODE
    }

    private final Optional<Boolean> livemode;
    private final List<Pattern> enabled;
    /** {@code *} among the enabled events: every type is accepted without running a pattern per delivery. */
    private final boolean everyType;

    public EventFilter(Optional<Boolean> livemode, List<String> enabledEvents) {
        this.livemode = livemode;
        this.enabled = enabledEvents.stream().map(EventFilter::glob).toList();
        this.everyType = enabledEvents.contains("*");
    }

    /** Builds the filter the receiver's settings describe. */
    public static EventFilter of(ReceiverConfig config) {
        return new EventFilter(config.livemode(), config.enabledEvents());
    }

    /** Decides for an event of this type and mode. */
    public Decision decide(String type, boolean eventLivemode) {
        if (livemode.isPresent() && livemode.get() != eventLivemode) {
            return Decision.WRONG_MODE;
        }
        if (everyType) {
            return Decision.ACCEPT;
        }
        return enabled.stream().anyMatch(p -> p.matcher(type).matches()) ? Decision.ACCEPT : Decision.IGNORE;
    }

    private static Pattern glob(String expression) {
        StringBuilder regex = new StringBuilder();
        for (String part : expression.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
