package dev.stripeoperator.demo;

/** A demo step did not see what it expected; the message says which step and what. */
final class DemoFailure extends RuntimeException {
    DemoFailure(String message) {
        super(message);
    }

    DemoFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
