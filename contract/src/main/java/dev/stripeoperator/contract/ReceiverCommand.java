package dev.stripeoperator.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The receiver image's commands, given as the container's first argument. */
public enum ReceiverCommand {
    /** Takes Stripe's deliveries and forwards them; the default. */
    SERVE,
    /** The backfill: stores the events Stripe's API lists that never arrived by webhook. */
    RECONCILE,
    /** Puts stored events back for forwarding. */
    REPLAY,
    /** Prints the stored events a selection matches, for people: no payloads. */
    LIST,
    /** Gives stored events up for good: a final status that retention may delete, who asked and why recorded. */
    DISCARD;

    /** The command as written on the command line. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The command this word names. */
    public static Optional<ReceiverCommand> of(String word) {
        return Arrays.stream(values())
                .filter(command -> command.word().equals(word))
                .findFirst();
    }
}
