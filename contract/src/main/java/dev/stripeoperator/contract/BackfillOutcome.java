package dev.stripeoperator.contract;

/** Whether a backfill run got through its whole window. */
public enum BackfillOutcome {
    SUCCEEDED("Succeeded"),
    FAILED("Failed");

    private final String text;

    BackfillOutcome(String text) {
        this.text = text;
    }

    /** As written in the summary JSON and in {@code status.lastReconciliation.outcome}. */
    public String text() {
        return text;
    }
}
