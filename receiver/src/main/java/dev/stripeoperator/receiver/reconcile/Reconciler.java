package dev.stripeoperator.receiver.reconcile;

import dev.stripeoperator.receiver.EventFilter;
import dev.stripeoperator.receiver.EventFilter.Decision;
import dev.stripeoperator.receiver.store.EventKey;
import dev.stripeoperator.receiver.store.EventStore;
import dev.stripeoperator.receiver.store.NewEvent;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes listed events through the steps a webhook delivery takes after its signature is verified (mode check, type
 * filter, insert where the first copy wins), with source {@code reconcile}; events already stored are left alone.
 */
final class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

    private final String endpoint;
    private final EventFilter filter;
    private final KnownEvents known;
    private final EventStore store;
    private final Tally tally;
    private final Clock clock;

    Reconciler(String endpoint, EventFilter filter, KnownEvents known, EventStore store, Tally tally, Clock clock) {
        this.endpoint = endpoint;
        this.filter = filter;
        this.known = known;
        this.store = store;
        this.tally = tally;
        this.clock = clock;
    }

    /** Stores the events of the chunk the table lacks, in one transaction. */
    void handle(List<ListedEvent> chunk) throws SQLException {
        List<ListedEvent> sameMode = new ArrayList<>(chunk.size());
        for (ListedEvent event : chunk) {
            tally.listed();
            if (filter.decide(event.type(), event.livemode()) == Decision.WRONG_MODE) {
                tally.wrongMode();
                log(Level.FINE, event, "wrong_mode");
            } else {
                sameMode.add(event);
            }
        }
        if (sameMode.isEmpty()) {
            return;
        }
        Set<String> present = known.present(endpoint, sameMode.stream().map(ListedEvent::id).toList());
        List<ListedEvent> missing = sameMode.stream().filter(event -> !present.contains(event.id())).toList();
        tally.alreadyPresent(sameMode.size() - missing.size());
        Map<String, String> refused = new HashMap<>();
        Set<EventKey> stored = insert(missing.stream().map(this::row).toList(), refused);
        for (ListedEvent event : missing) {
            if (refused.containsKey(event.id())) {
                tally.refused(event.id() + ": " + refused.get(event.id()));
                log(Level.SEVERE, event, "refused (" + refused.get(event.id()) + ")");
            } else if (!stored.contains(new EventKey(endpoint, event.id()))) {
                // The webhook delivery arrived between the lookup and the insert; it won, as the first copy does.
                tally.alreadyPresent(1);
            } else if (ignored(event)) {
                tally.ignored();
                log(Level.INFO, event, "ignored");
            } else {
                tally.recovered();
                log(Level.INFO, event, "recovered");
            }
        }
    }

    /**
     * Inserts the rows in one transaction; a row the database refuses, whatever the reason, is left out alone, with
     * its id and the database's reason (never its detail lines, which may quote the payload) noted in {@code refused}.
     */
    private Set<EventKey> insert(List<NewEvent> rows, Map<String, String> refused) throws SQLException {
        EventStore.Outcome outcome = store.insertIsolating(rows);
        outcome.refused().forEach((key, e) -> refused.put(key.id(), EventStore.reason(e)));
        return outcome.stored();
    }

    /** The database's reason without the detail lines, which may quote the payload. */
    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private NewEvent row(ListedEvent event) {
        return new NewEvent(endpoint, event.id(), event.type(), event.livemode(), event.apiVersion(),
                event.created(), event.rawJson(), NewEvent.Source.RECONCILE,
                ignored(event) ? NewEvent.Status.IGNORED : NewEvent.Status.PENDING);
    }

    private boolean ignored(ListedEvent event) {
        return filter.decide(event.type(), event.livemode()) == Decision.IGNORE;
    }

    private void log(Level level, ListedEvent event, String outcome) {
        if (LOG.isLoggable(level)) {
            long ageSeconds = Duration.between(event.created(), clock.instant()).toSeconds();
            LOG.log(level, "event " + event.id() + " type=" + event.type() + " endpoint=" + endpoint
                    + " source=reconcile outcome=" + outcome + " age=" + ageSeconds + "s");
        }
    }
}
