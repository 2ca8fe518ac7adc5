package dev.stripeoperator.receiver.reconcile;

import dev.stripeoperator.receiver.ConfigException;
import dev.stripeoperator.receiver.EventFilter;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.reconcile.ReconcileSummary.Outcome;
import dev.stripeoperator.receiver.store.Database;
import dev.stripeoperator.receiver.store.EventStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code reconcile} command: lists the Stripe events of the lookback window and stores those that never arrived
 * by webhook, so the delivery worker forwards them; ends with one summary, also left as the termination message.
 */
public final class ReconcileCommand {

    /**
     * Events younger than this are left to the webhook path: Stripe's first delivery attempt may still be in flight,
     * and counting it as recovered would raise a false alarm. The next run covers them (lookback exceeds schedule).
     */
    static final Duration MIN_AGE = Duration.ofMinutes(5);

    /** More recovered events than this in one run means webhooks are failing without anyone noticing. */
    static final int SILENT_FAILURE_THRESHOLD = 5;

    private static final Logger LOG = Logger.getLogger(ReconcileCommand.class.getName());

    private final ReceiverConfig config;
    private final ReconcileSettings settings;
    private final Clock clock;

    public ReconcileCommand(ReceiverConfig config, ReconcileSettings settings, Clock clock) {
        this.config = config;
        this.settings = settings;
        this.clock = clock;
    }

    /** Runs once and returns the exit code: 0 done, 1 failed (may pass), 2 misconfigured (key missing or rejected). */
    public int run() {
        long started = System.nanoTime();
        Tally tally = new Tally();
        Outcome outcome;
        String message;
        int exitCode;
        try {
            reconcile(tally);
            outcome = Outcome.Succeeded;
            message = successMessage(tally);
            exitCode = 0;
        } catch (ReconcileException e) {
            outcome = Outcome.Failed;
            message = e.getMessage();
            exitCode = e.exitCode();
        }
        ReconcileSummary summary = new ReconcileSummary(clock.instant(), tally.listedCount(),
                tally.alreadyPresentCount(), tally.recoveredCount(), tally.ignoredCount(), tally.refused().size(),
                tally.wrongModeCount(), outcome, message, Duration.ofNanos(System.nanoTime() - started));
        report(summary);
        new TerminationMessage(settings.terminationMessagePath()).write(summary);
        return exitCode;
    }

    private void reconcile(Tally tally) throws ReconcileException {
        ApiKey key = ApiKey.resolve(config);
        Instant now = clock.instant();
        StripeEventSource source = StripeEventSource.create(key, config.stripeApiBase(), settings);
        try (Database database = openDatabase()) {
            Reconciler reconciler = new Reconciler(config.endpointName(), EventFilter.of(config),
                    new KnownEvents(database.dataSource()), new EventStore(database.dataSource()), tally, clock);
            source.forEachChunk(now.minus(config.reconcileLookback()), now.minus(MIN_AGE), reconciler::handle);
        } catch (SQLException e) {
            throw new ReconcileException(ReconcileException.FAILED, "database error after "
                    + tally.listedCount() + " listed events: " + Reconciler.firstLine(e.getMessage()), e);
        }
        List<String> refused = tally.refused();
        if (!refused.isEmpty()) {
            // Every other event was stored; failing the run keeps the refused ones in sight until someone looks.
            throw new ReconcileException(ReconcileException.FAILED, "the database refused " + refused.size()
                    + " missing events, the others were stored: " + String.join("; ", refused));
        }
    }

    private Database openDatabase() throws ReconcileException {
        try {
            return Database.open(config);
        } catch (ConfigException e) {
            throw new ReconcileException(ReconcileException.MISCONFIGURED, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ReconcileException(ReconcileException.FAILED, e.getMessage(), e);
        }
    }

    private String successMessage(Tally tally) {
        if (tally.recoveredCount() + tally.ignoredCount() == 0) {
            return "nothing missing";
        }
        String message = "recovered " + tally.recoveredCount() + " missed events for delivery, stored "
                + tally.ignoredCount() + " of types not enabled as ignored";
        return tally.recoveredCount() > SILENT_FAILURE_THRESHOLD
                ? message + "; webhooks may be failing silently"
                : message;
    }

    private void report(ReconcileSummary summary) {
        String endpoint = config.endpointName();
        if (summary.outcome() == Outcome.Failed) {
            LOG.severe(summary.line(endpoint));
            return;
        }
        LOG.info(summary.line(endpoint));
        if (summary.recovered() > SILENT_FAILURE_THRESHOLD) {
            LOG.warning("reconcile recovered " + summary.recovered() + " events for endpoint " + endpoint
                    + " that never arrived by webhook: webhooks may be failing silently. Check the endpoint's"
                    + " delivery attempts in the Stripe dashboard, its URL, TLS certificate and signing secret.");
        }
        if (summary.wrongMode() > 0) {
            LOG.log(Level.WARNING, "reconcile skipped " + summary.wrongMode() + " of " + summary.listed()
                    + " listed events of the other mode than LIVEMODE=" + config.livemode().orElseThrow()
                    + " for endpoint " + endpoint + ": is the Stripe API key for the right mode?");
        }
    }
}
