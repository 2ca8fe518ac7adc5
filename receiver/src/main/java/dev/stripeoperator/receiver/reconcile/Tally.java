package dev.stripeoperator.receiver.reconcile;

import java.util.ArrayList;
import java.util.List;

/**
 * The running counts of one reconciliation run; kept outside the work so a failed run still reports how far it got.
 */
final class Tally {

    private int listed;
    private int alreadyPresent;
    private int recovered;
    private int ignored;
    private int wrongMode;
    private final List<String> refused = new ArrayList<>();

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

    void wrongMode() {
        wrongMode++;
    }

    /** A missing event the database would not take: its id and the database's reason. */
    void refused(String description) {
        refused.add(description);
    }

    int listedCount() {
        return listed;
    }

    int alreadyPresentCount() {
        return alreadyPresent;
    }

    int recoveredCount() {
        return recovered;
    }

    int ignoredCount() {
        return ignored;
    }

    int wrongModeCount() {
        return wrongMode;
    }

    List<String> refused() {
        return List.copyOf(refused);
    }
}
