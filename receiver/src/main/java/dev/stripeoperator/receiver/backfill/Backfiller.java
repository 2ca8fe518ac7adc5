package dev.stripeoperator.receiver.backfill;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import dev.stripeoperator.receiver.EventFilter;
import dev.stripeoperator.receiver.EventFilter.Decision;
import dev.stripeoperator.receiver.observe.LogLines;
import dev.stripeoperator.receiver.store.EventKey;
import dev.stripeoperator.receiver.store.EventTable;
import dev.stripeoperator.receiver.store.NewEvent;

/**
 * Takes listed events through the steps a webhook delivery takes after its signature is verified (mode check, type
 * filter, insert where the first copy wins), with source {@code reconcile}; events already stored are left alone.
 * When the run knows the Stripe endpoint, events of types it does not subscribe to are skipped, as Stripe would
 * never have sent them, and events rendered at another API version than the endpoint's are marked. Told when the sink
 * had taken every event before a time (closing the gap after a restore), it stores those as delivered, not to be
 * forwarded again.
 */
final class Backfiller {

    private static final Logger LOG = Logger.getLogger(Backfiller.class.getName());

    private final String endpoint;
    private final EventFilter filter;
    private final Optional<StripeEndpoint> stripeEndpoint;
    private final KnownEvents known;
    private final EventTable store;
    private final Tally tally;
    private final Clock clock;
    private final Optional<PrintStream> dryRun;
    private final Optional<Instant> forwardedBefore;

    /**
     * @param stripeEndpoint  the Stripe endpoint the run recovers for, when known
     * @param dryRun          where a dry run lists the events it would store; empty: store them
     * @param forwardedBefore events created before this the sink has taken: stored as delivered
     */
    Backfiller(
            String endpoint,
            EventFilter filter,
            Optional<StripeEndpoint> stripeEndpoint,
            KnownEvents known,
            EventTable store,
            Tally tally,
            Clock clock,
            Optional<PrintStream> dryRun,
            Optional<Instant> forwardedBefore) {
        this.endpoint = endpoint;
        this.filter = filter;
        this.stripeEndpoint = stripeEndpoint;
        this.known = known;
        this.store = store;
        this.tally = tally;
        this.clock = clock;
        this.dryRun = dryRun;
        this.forwardedBefore = forwardedBefore;
    }

    /** Stores the events of the chunk the table lacks, in one transaction. */
    void handle(List<ListedEvent> chunk) throws SQLException {
        List<ListedEvent> candidates = new ArrayList<>(chunk.size());
        for (ListedEvent event : chunk) {
            tally.listed();
            if (filter.decide(event.type(), event.livemode()) == Decision.WRONG_MODE) {
                tally.wrongMode();
                log(Level.FINE, event, "wrong_mode", null);
            } else if (unsubscribed(event)) {
                tally.unsubscribed();
                log(Level.FINE, event, "unsubscribed", null);
            } else {
                candidates.add(event);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        Set<String> present =
                known.present(endpoint, candidates.stream().map(ListedEvent::id).toList());
        List<ListedEvent> missing = candidates.stream()
                .filter(event -> !present.contains(event.id()))
                .toList();
        tally.alreadyPresent(candidates.size() - missing.size());
        List<NewEvent> rows = missing.stream().map(this::row).toList();
        Map<String, String> refused = new HashMap<>();
        Set<EventKey> stored = dryRun.isPresent()
                ? rows.stream()
                        .map(row -> new EventKey(row.endpoint(), row.id()))
                        .collect(Collectors.toSet())
                : insert(rows, refused);
        for (ListedEvent event : missing) {
            if (refused.containsKey(event.id())) {
                tally.refused(event.id() + ": " + refused.get(event.id()));
                log(Level.SEVERE, event, "refused", refused.get(event.id()));
            } else if (!stored.contains(new EventKey(endpoint, event.id()))) {
                // The webhook delivery arrived between the lookup and the insert; it won, as the first copy does.
                tally.alreadyPresent(1);
            } else {
                if (rendersDifferently(event)) {
                    tally.versionMismatch();
                }
                if (ignored(event)) {
                    tally.ignored();
                    report(event, "ignored", "would store as ignored");
                } else if (forwarded(event)) {
                    tally.restored();
                    report(event, "restored", "would store as delivered");
                } else {
                    tally.recovered();
                    report(event, "recovered", "would recover");
                }
            }
        }
    }

    /**
     * Inserts the rows in one transaction; a row the database refuses, whatever the reason, is left out alone, with
     * its id and the database's reason (never its detail lines, which may quote the payload) noted in {@code refused}.
     */
    private Set<EventKey> insert(List<NewEvent> rows, Map<String, String> refused) throws SQLException {
        EventTable.Inserted outcome = store.insertIsolating(rows);
        outcome.refused().forEach((key, e) -> refused.put(key.id(), EventTable.reason(e)));
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
        byte[] body = event.rawJson().getBytes(StandardCharsets.UTF_8);
        return new NewEvent(
                endpoint,
                event.id(),
                event.type(),
                event.livemode(),
                event.apiVersion(),
                event.created(),
                event.rawJson(),
                body,
                NewEvent.Source.BACKFILL,
                ignored(event)
                        ? NewEvent.Status.IGNORED
                        : forwarded(event) ? NewEvent.Status.DELIVERED : NewEvent.Status.PENDING,
                rendersDifferently(event),
                event.thin());
    }

    /**
     * Of a type the Stripe endpoint does not subscribe to. A webhook endpoint ({@code we_}) never delivers thin events,
     * so only {@code ENABLED_EVENTS} decides for those.
     */
    private boolean unsubscribed(ListedEvent event) {
        return event.thin().isEmpty()
                && stripeEndpoint.isPresent()
                && !stripeEndpoint.get().subscribes(event.type());
    }

    private boolean rendersDifferently(ListedEvent event) {
        return event.thin().isEmpty()
                && stripeEndpoint.isPresent()
                && stripeEndpoint.get().rendersDifferently(event.apiVersion());
    }

    /** Created before the time by which the sink had taken every event. */
    private boolean forwarded(ListedEvent event) {
        return forwardedBefore.filter(event.created()::isBefore).isPresent();
    }

    private boolean ignored(ListedEvent event) {
        return filter.decide(event.type(), event.livemode()) == Decision.IGNORE;
    }

    /** One line per stored event: logged, or in a dry run listed for the person who asked. */
    private void report(ListedEvent event, String outcome, String planned) {
        if (dryRun.isPresent()) {
            dryRun.get()
                    .println(planned + " " + event.id() + " type=" + event.type() + " created=" + event.created()
                            + event.account()
                                    .map(account -> " account=" + account)
                                    .orElse("")
                            + (rendersDifferently(event)
                                    ? " api_version=" + event.apiVersion() + " (the Stripe endpoint renders "
                                            + endpointApiVersion() + ")"
                                    : ""));
        } else {
            log(Level.INFO, event, outcome, null);
        }
    }

    private void log(Level level, ListedEvent event, String outcome, String error) {
        if (LOG.isLoggable(level)) {
            LogLines.backfillEvent(
                            endpoint,
                            event.id(),
                            event.type(),
                            outcome,
                            Duration.between(event.created(), clock.instant()).toSeconds(),
                            event.account().orElse(null),
                            event.apiVersion(),
                            rendersDifferently(event) ? endpointApiVersion() : null,
                            error)
                    .log(LOG, level);
        }
    }

    private String endpointApiVersion() {
        return stripeEndpoint.flatMap(StripeEndpoint::apiVersion).orElseThrow();
    }
}
