package dev.stripeoperator.receiver.backfill;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code reconcile} command's arguments: {@code --dry-run}; {@code --since} (list events created from then on,
 * instead of the last {@code RECONCILE_LOOKBACK}); {@code --forwarded-before} (the sink had taken every event created
 * before then: those missing are stored as delivered, not forwarded again). The two times close the gap after the
 * event store was restored from a backup.
 *
 * @param dryRun          list what would be stored, store nothing
 * @param since           the start of the window, instead of now minus the lookback
 * @param forwardedBefore events created before this the sink has taken
 */
record BackfillOptions(boolean dryRun, Optional<Instant> since, Optional<Instant> forwardedBefore) {

    static final String DRY_RUN = "--dry-run";
    static final String SINCE = "--since";
    static final String FORWARDED_BEFORE = "--forwarded-before";

    /**
     * Reads the arguments after {@code reconcile}.
     *
     * @throws BackfillException (misconfigured) naming the argument that cannot be used
     */
    static BackfillOptions parse(List<String> args) throws BackfillException {
        boolean dryRun = false;
        Optional<Instant> since = Optional.empty();
        Optional<Instant> forwardedBefore = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case DRY_RUN -> dryRun = true;
                case SINCE -> since = Optional.of(instant(arg, since, args, ++i));
                case FORWARDED_BEFORE -> forwardedBefore = Optional.of(instant(arg, forwardedBefore, args, ++i));
                default ->
                    throw misconfigured("unknown argument '" + arg + "': reconcile takes " + DRY_RUN + ", " + SINCE
                            + " <time> and " + FORWARDED_BEFORE + " <time>");
            }
        }
        return new BackfillOptions(dryRun, since, forwardedBefore);
    }

    /** The RFC 3339 time at {@code index}, the value of {@code option}, which may be given once. */
    private static Instant instant(String option, Optional<Instant> given, List<String> args, int index)
            throws BackfillException {
        if (given.isPresent()) {
            throw misconfigured(option + " may be given once");
        }
        if (index >= args.size()) {
            throw misconfigured(option + " needs a time such as 2026-12-06T09:00:00Z");
        }
        try {
            return OffsetDateTime.parse(args.get(index)).toInstant();
        } catch (DateTimeParseException e) {
            throw misconfigured(option + " takes an RFC 3339 time with an offset, such as 2026-12-06T09:00:00Z, got '"
                    + args.get(index) + "'");
        }
    }

    private static BackfillException misconfigured(String message) {
        return new BackfillException(BackfillException.MISCONFIGURED, message);
    }
}
