package dev.stripeoperator.receiver.store;

/** What the webhook path needs of the database: a verified event stored durably, or an error, before any answer. */
@FunctionalInterface
public interface EventStore {

    /**
     * Stores the event and returns once it is committed.
     *
     * @return true when this stored it first, false when the (endpoint, id) was already stored
     * @throws StoreUnavailableException when it was not committed: nothing may be acknowledged
     */
    boolean store(NewEvent event) throws StoreUnavailableException;
}
