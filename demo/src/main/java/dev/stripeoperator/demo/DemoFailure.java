package dev.stripeoperator.demo;

/** A demo step did not see what it expected; the message says which step and what. */
final class DemoFailure extends RuntimeException {
    DemoFailure(String message) {
        super(message);
    }

    DemoFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** Fails the step with this message unless it saw what it expected. */
    static void expect(boolean condition, String message) {
        if (!condition) {
            throw new DemoFailure(message);
        }
    }
}
