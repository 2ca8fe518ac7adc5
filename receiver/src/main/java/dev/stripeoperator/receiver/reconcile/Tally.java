package dev.stripeoperator.receiver.reconcile;

/**
 * The running counts of one reconciliation run; kept outside the work so a failed run still reports how far it got.
 */
final class Tally {

    private int listed;
    private int alreadyPresent;
    private int recovered;
    private int ignored;
    private int wrongMode;

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
}
