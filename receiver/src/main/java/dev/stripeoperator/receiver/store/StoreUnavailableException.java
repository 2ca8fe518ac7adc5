package dev.stripeoperator.receiver.store;

/** The event could not be committed (database down, pool exhausted, too many waiting): nothing was acknowledged. */
public class StoreUnavailableException extends Exception {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
