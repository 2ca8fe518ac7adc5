package dev.stripeoperator.receiver.backfill;

import java.util.ArrayList;
import java.util.List;

/**
 * The running counts of one backfill run; kept outside the work so a failed run still reports how far it got.
 */
final class Tally {

    private int listed;
    private int alreadyPresent;
    private int recovered;
    private int restored;
    private int ignored;
    private int wrongMode;
    private int unsubscribed;
    private int versionMismatches;
    private int accounts;
    private final List<String> refused = new ArrayList<>();
    private final List<String> unavailableAccounts = new ArrayList<>();

    void listed() {
        listed++;
    }

    void alreadyPresent(int count) {
        alreadyPresent += count;
    }

    void recovered() {
        recovered++;
    }

    void ignored() {
        ignored++;
    }

    void restored() {
        restored++;
    }

    void wrongMode() {
        wrongMode++;
    }

    void unsubscribed() {
        unsubscribed++;
    }

    void versionMismatch() {
        versionMismatches++;
    }

    /** A connected account whose events were listed to the end. */
    void account() {
        accounts++;
    }

    /** A missing event the database would not take: its id and the database's reason. */
    void refused(String description) {
        refused.add(description);
    }

    /** A connected account Stripe would not list: its id and why. */
    void unavailableAccount(String description) {
        unavailableAccounts.add(description);
    }

    int listedCount() {
        return listed;
    }

    int recoveredCount() {
        return recovered;
    }

    int ignoredCount() {
        return ignored;
    }

    int restoredCount() {
        return restored;
    }

    int versionMismatchCount() {
        return versionMismatches;
    }

    int accountCount() {
        return accounts;
    }

    List<String> refused() {
        return List.copyOf(refused);
    }

    List<String> unavailableAccounts() {
        return List.copyOf(unavailableAccounts);
    }

    /** The counts so far. */
    BackfillCounts counts() {
        return new BackfillCounts(
                listed,
                alreadyPresent,
                recovered,
                ignored,
                refused.size(),
                wrongMode,
                unsubscribed,
                versionMismatches,
                accounts,
                restored);
    }
}
