package dev.stripeoperator.receiver.backfill;

/** Stripe will not list the events of one connected account; the run goes on with the others. */
final class AccountUnavailableException extends Exception {

    AccountUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
