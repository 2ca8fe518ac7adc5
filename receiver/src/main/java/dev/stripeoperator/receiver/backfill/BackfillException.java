package dev.stripeoperator.receiver.backfill;

/** A backfill run cannot go on; the message is safe to log and to publish in the endpoint's status. */
public final class BackfillException extends Exception {

    /** Exit code when the run failed for a reason that may pass (API or database unavailable). */
    public static final int FAILED = 1;
    /** Exit code when the run cannot succeed until someone fixes its configuration (missing or rejected key). */
    public static final int MISCONFIGURED = 2;

    private final int exitCode;

    public BackfillException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public BackfillException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    /** The process exit code this failure maps to. */
    public int exitCode() {
        return exitCode;
    }
}
