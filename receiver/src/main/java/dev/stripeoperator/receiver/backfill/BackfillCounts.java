package dev.stripeoperator.receiver.backfill;

/**
 * The counts of one backfill run (see docs/backfill.md).
 *
 * @param listed            events Stripe listed in the window
 * @param alreadyPresent    listed events the table already held (delivered by webhook, or by an earlier run)
 * @param recovered         missing events stored as pending, so the forwarding worker forwards them
 * @param ignored           missing events stored as ignored (type not in ENABLED_EVENTS)
 * @param refused           missing events the database would not take (named in the message)
 * @param wrongMode         listed events of the other mode (test vs live), skipped
 * @param unsubscribed      listed events of types the Stripe endpoint does not subscribe to, skipped
 * @param versionMismatches stored events rendered at another API version than the Stripe endpoint's, marked
 * @param accounts          connected accounts whose events were listed to the end
 * @param restored          missing events stored as delivered, without forwarding: created before the time given to
 *                          {@code --forwarded-before}, by which the sink had taken them (closing the gap of a restore)
 */
public record BackfillCounts(
        int listed,
        int alreadyPresent,
        int recovered,
        int ignored,
        int refused,
        int wrongMode,
        int unsubscribed,
        int versionMismatches,
        int accounts,
        int restored) {

    /** Listed events the table lacked: recovered, restored, ignored and refused. */
    public int missing() {
        return recovered + restored + ignored + refused;
    }
}
