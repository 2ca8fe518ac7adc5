package dev.stripeoperator.receiver.backfill;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.stripeoperator.contract.BackfillOutcome;
import dev.stripeoperator.contract.LogKey;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.receiver.EventFilter;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.observe.LogLines;
import dev.stripeoperator.receiver.observe.TerminationMessage;
import dev.stripeoperator.receiver.store.Database;
import dev.stripeoperator.receiver.store.EventTable;

import static dev.stripeoperator.contract.ReceiverSetting.LIVEMODE;

/**
 * The {@code reconcile} command: lists the Stripe events of the lookback window and stores those that never arrived
 * by webhook, so the forwarding worker forwards them; ends with one summary, also left as the termination message.
 * With {@code --dry-run} it lists what it would store and changes nothing; {@code --since} and
 * {@code --forwarded-before} close the gap after a restore ({@link BackfillOptions}).
 */
public final class BackfillCommand {

    /**
     * Events younger than this are left to the webhook path: Stripe's first delivery attempt may still be in flight,
     * and counting it as recovered would raise a false alarm. The next run covers them (lookback exceeds schedule).
     */
    static final Duration MIN_AGE = Duration.ofMinutes(5);

    /** More recovered events than this in one run means webhooks are failing without anyone noticing. */
    static final int SILENT_FAILURE_THRESHOLD = 5;

    private static final Logger LOG = Logger.getLogger(BackfillCommand.class.getName());

    private final ReceiverConfig config;
    private final BackfillSettings settings;
    private final Clock clock;
    private final PrintStream out;

    /** {@code out}: where a dry run lists the events it would store. */
    public BackfillCommand(ReceiverConfig config, BackfillSettings settings, Clock clock, PrintStream out) {
        this.config = config;
        this.settings = settings;
        this.clock = clock;
        this.out = out;
    }

    /**
     * Runs once with the command's arguments ({@link BackfillOptions}) and returns the exit code: 0 done, 1 failed
     * (may pass), 2 misconfigured (bad argument, key missing or rejected, unknown Stripe endpoint).
     */
    public int run(List<String> args) {
        long started = System.nanoTime();
        boolean dryRun = args.contains(BackfillOptions.DRY_RUN);
        Tally tally = new Tally();
        BackfillOutcome outcome;
        String message;
        int exitCode;
        try {
            BackfillOptions options = BackfillOptions.parse(args);
            Optional<StripeEndpoint> endpoint = backfill(tally, options);
            outcome = BackfillOutcome.SUCCEEDED;
            message = successMessage(tally, endpoint, options);
            exitCode = 0;
        } catch (BackfillException e) {
            outcome = BackfillOutcome.FAILED;
            message = e.getMessage();
            exitCode = e.exitCode();
        }
        BackfillRun run = new BackfillRun(
                clock.instant(),
                tally.counts(),
                outcome,
                message,
                Duration.ofNanos(System.nanoTime() - started),
                dryRun);
        report(run);
        new TerminationMessage(config.terminationMessagePath())
                .write(ReceiverCommand.RECONCILE, run.summary().toJson());
        return exitCode;
    }

    /** Lists and stores; answers the Stripe endpoint the run recovered for, when it knows it. */
    private Optional<StripeEndpoint> backfill(Tally tally, BackfillOptions options) throws BackfillException {
        boolean dryRun = options.dryRun();
        Instant now = clock.instant();
        Instant from = options.since().orElse(now.minus(settings.lookback()));
        Instant to = now.minus(MIN_AGE);
        if (!from.isBefore(to)) {
            throw new BackfillException(
                    BackfillException.MISCONFIGURED,
                    BackfillOptions.SINCE + " must be earlier than " + MIN_AGE.toMinutes()
                            + " minutes ago (younger events are left to the webhook path), got " + from);
        }
        if (options.forwardedBefore().filter(now::isBefore).isPresent()) {
            throw new BackfillException(
                    BackfillException.MISCONFIGURED,
                    BackfillOptions.FORWARDED_BEFORE + " cannot be in the future, got "
                            + options.forwardedBefore().get());
        }
        ApiKey key = ApiKey.resolve(config);
        StripeEventSource source = StripeEventSource.create(key, config.stripeApiBase(), settings);
        Optional<StripeEndpoint> endpoint = Optional.empty();
        try (Database database = openDatabase(dryRun)) {
            if (settings.stripeEndpointId().isPresent()) {
                endpoint = Optional.of(
                        source.webhookEndpoint(settings.stripeEndpointId().get()));
            }
            KnownEvents known = new KnownEvents(database.dataSource());
            Backfiller backfiller = new Backfiller(
                    config.endpointName(),
                    EventFilter.of(config),
                    endpoint,
                    known,
                    new EventTable(database.dataSource()),
                    tally,
                    clock,
                    dryRun ? Optional.of(out) : Optional.empty(),
                    options.forwardedBefore());
            for (Optional<String> account : lists(known, from)) {
                try {
                    source.forEachChunk(from, to, account, backfiller::handle);
                    account.ifPresent(listed -> tally.account());
                } catch (AccountUnavailableException e) {
                    tally.unavailableAccount(e.getMessage());
                    LogLines.backfillAccountSkipped(config.endpointName(), account.orElseThrow(), e.getMessage())
                            .log(LOG, Level.WARNING);
                }
            }
            if (settings.eventPayload().thin()) {
                source.forEachThinChunk(from, to, backfiller::handle);
            }
        } catch (SQLException e) {
            throw new BackfillException(
                    BackfillException.FAILED,
                    "database error after " + tally.listedCount() + " listed events: "
                            + Backfiller.firstLine(e.getMessage()),
                    e);
        }
        failUnlessComplete(tally);
        return endpoint;
    }

    /**
     * The v1 event lists the Stripe endpoint draws from: the account's own, or for a Connect endpoint (which receives
     * only connected accounts' events) each connected account that sent events within the lookback or is configured;
     * none for an endpoint that receives thin events only.
     */
    private List<Optional<String>> lists(KnownEvents known, Instant from) throws SQLException {
        if (!settings.eventPayload().snapshots()) {
            return List.of();
        }
        if (!settings.connect()) {
            return List.of(Optional.empty());
        }
        SortedSet<String> accounts = new TreeSet<>(settings.connectedAccounts());
        accounts.addAll(known.accounts(config.endpointName(), from));
        return accounts.stream().map(Optional::of).toList();
    }

    /** Every other event was stored; failing the run keeps what was left out in sight until someone looks. */
    private static void failUnlessComplete(Tally tally) throws BackfillException {
        List<String> problems = new ArrayList<>();
        List<String> refused = tally.refused();
        if (!refused.isEmpty()) {
            problems.add("the database refused " + refused.size() + " missing events, the others were stored: "
                    + String.join("; ", refused));
        }
        List<String> unavailable = tally.unavailableAccounts();
        if (!unavailable.isEmpty()) {
            problems.add("could not list " + unavailable.size() + " of " + (unavailable.size() + tally.accountCount())
                    + " connected accounts, the others were covered: " + String.join("; ", unavailable));
        }
        if (!problems.isEmpty()) {
            throw new BackfillException(BackfillException.FAILED, String.join("; ", problems));
        }
    }

    private Database openDatabase(boolean dryRun) throws BackfillException {
        try {
            return dryRun ? Database.openReadOnly(config) : Database.open(config);
        } catch (SettingException e) {
            throw new BackfillException(BackfillException.MISCONFIGURED, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new BackfillException(BackfillException.FAILED, e.getMessage(), e);
        }
    }

    private String successMessage(Tally tally, Optional<StripeEndpoint> endpoint, BackfillOptions options) {
        boolean dryRun = options.dryRun();
        List<String> parts = new ArrayList<>();
        options.since().ifPresent(since -> parts.add("listed events since " + since));
        if (tally.recoveredCount() + tally.ignoredCount() + tally.restoredCount() == 0) {
            parts.add("nothing missing");
        } else {
            parts.add((dryRun ? "would recover " : "recovered ") + tally.recoveredCount() + " missed events for"
                    + " forwarding, " + (dryRun ? "would store " : "stored ") + tally.ignoredCount()
                    + " of types not enabled as ignored");
        }
        if (tally.restoredCount() > 0) {
            parts.add((dryRun ? "would store " : "stored ") + tally.restoredCount() + " the sink had taken before "
                    + options.forwardedBefore().orElseThrow() + " as delivered, not forwarded again");
        }
        if (tally.versionMismatchCount() > 0) {
            parts.add(tally.versionMismatchCount() + " rendered at another API version than the Stripe endpoint's "
                    + endpoint.flatMap(StripeEndpoint::apiVersion).orElseThrow()
                    + ", marked for the sink with Stripe-Event-Api-Version");
        }
        if (settings.connect()) {
            parts.add(
                    tally.accountCount() == 0
                            ? "no connected account to list: none sent events within the lookback and none is configured"
                            : "covered " + tally.accountCount() + " connected accounts");
        }
        endpoint.filter(e -> !e.enabled())
                .ifPresent(e -> parts.add("the Stripe endpoint " + e.id() + " is disabled, Stripe sends it nothing"));
        if (!dryRun && tally.recoveredCount() > SILENT_FAILURE_THRESHOLD) {
            parts.add("webhooks may be failing silently");
        }
        if (dryRun) {
            parts.add("dry run, nothing was changed");
        }
        return String.join("; ", parts);
    }

    private void report(BackfillRun run) {
        String endpoint = config.endpointName();
        if (run.outcome() == BackfillOutcome.FAILED) {
            run.line(endpoint).log(LOG, Level.SEVERE);
            return;
        }
        run.line(endpoint).log(LOG, Level.INFO);
        BackfillCounts counts = run.counts();
        if (!run.dryRun() && counts.recovered() > SILENT_FAILURE_THRESHOLD) {
            LogLines.backfillAlert(
                            endpoint,
                            "failing_silently",
                            LogKey.RECOVERED,
                            counts.recovered(),
                            "recovered " + counts.recovered()
                                    + " events that never arrived by webhook: webhooks may be failing"
                                    + " silently. Check the endpoint's delivery attempts in the Stripe dashboard, its URL, TLS"
                                    + " certificate and signing secret.")
                    .log(LOG, Level.WARNING);
        }
        if (counts.wrongMode() > 0) {
            LogLines.backfillAlert(
                            endpoint,
                            "wrong_mode",
                            LogKey.WRONG_MODE,
                            counts.wrongMode(),
                            "skipped " + counts.wrongMode() + " of " + counts.listed()
                                    + " listed events of the other mode than " + LIVEMODE + "="
                                    + config.livemode().orElseThrow() + ": is the Stripe API key for the right mode?")
                    .log(LOG, Level.WARNING);
        }
    }
}
