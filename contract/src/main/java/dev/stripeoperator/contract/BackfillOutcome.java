package dev.stripeoperator.contract;

/** Whether a run got through all it had to do: a backfill its whole window, a replay or discard every selected event. */
public enum BackfillOutcome {
    SUCCEEDED("Succeeded"),
    FAILED("Failed");

    private final String text;

    BackfillOutcome(String text) {
        this.text = text;
    }

    /** The outcome a summary's JSON names; anything but {@code Succeeded} reads as failed. */
    static BackfillOutcome read(Object text) {
        return SUCCEEDED.text.equals(text) ? SUCCEEDED : FAILED;
    }

    /** As written in the summary JSON and in {@code status.lastReconciliation.outcome}. */
    public String text() {
        return text;
    }
}
