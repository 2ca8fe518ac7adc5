package dev.stripeoperator.receiver.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import dev.stripeoperator.contract.BackfillOutcome;
import dev.stripeoperator.contract.BackfillSummary;
import dev.stripeoperator.contract.LogKey;
import dev.stripeoperator.contract.LogLine;

/**
 * The result of one backfill run: its summary line, and the {@link BackfillSummary} the operator copies into
 * {@code status.lastReconciliation}.
 *
 * @param time     when the run ended
 * @param counts   what the run listed, found and stored
 * @param outcome  whether the run got through the whole window
 * @param message  what happened, for a human; never a secret
 * @param duration how long the run took
 * @param dryRun   the run only listed what it would store
 */
public record BackfillRun(
        Instant time,
        BackfillCounts counts,
        BackfillOutcome outcome,
        String message,
        Duration duration,
        boolean dryRun) {

    /** What the run leaves as its termination message. */
    public BackfillSummary summary() {
        return new BackfillSummary(
                time,
                (long) counts.listed(),
                (long) counts.alreadyPresent(),
                (long) counts.missing(),
                (long) counts.recovered(),
                (long) counts.ignored(),
                (long) counts.wrongMode(),
                (long) counts.unsubscribed(),
                (long) counts.versionMismatches(),
                (long) counts.accounts(),
                outcome,
                message,
                dryRun);
    }

    /** The one summary line at the end of a run. */
    public LogLine line(String endpoint) {
        LogLine line = LogLine.of("backfill")
                .with(LogKey.ENDPOINT, endpoint)
                .with(LogKey.OUTCOME, outcome.name().toLowerCase(Locale.ROOT));
        if (dryRun) {
            line.with(LogKey.DRY_RUN, true);
        }
        line.with(LogKey.LISTED, counts.listed())
                .with(LogKey.ALREADY_PRESENT, counts.alreadyPresent())
                .with(LogKey.MISSING, counts.missing())
                .with(LogKey.RECOVERED, counts.recovered());
        if (counts.restored() > 0) {
            line.with(LogKey.RESTORED, counts.restored());
        }
        return line.with(LogKey.IGNORED, counts.ignored())
                .with(LogKey.REFUSED, counts.refused())
                .with(LogKey.WRONG_MODE, counts.wrongMode())
                .with(LogKey.UNSUBSCRIBED, counts.unsubscribed())
                .with(LogKey.VERSION_MISMATCHES, counts.versionMismatches())
                .with(LogKey.ACCOUNTS, counts.accounts())
                .with(LogKey.DURATION_MS, duration.toMillis())
                .with(LogKey.MESSAGE, message);
    }
}
