package dev.stripeoperator.receiver.deadletters;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.stripeoperator.contract.BackfillOutcome;
import dev.stripeoperator.contract.EventSelection;
import dev.stripeoperator.contract.EventSelection.Status;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReplaySummary;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.observe.LogLines;
import dev.stripeoperator.receiver.observe.TerminationMessage;
import dev.stripeoperator.receiver.store.Database;

/**
 * The {@code replay} and {@code discard} commands: change the selected stored events of {@code ENDPOINT_NAME} and
 * report each, the run recorded in the audit trail, its summary logged and left as the termination message. The
 * selection is read from one snapshot taken when the run starts, so that it ends however fast rows change, and applied
 * in small transactions, each row checked again under its lock; rows are only ever updated, never created.
 */
public final class ActionCommand {

    /** Rows changed per transaction: few locks held at once, and no statement near the statement timeout. */
    static final int CHUNK = 500;

    private static final String IN_FLIGHT = "claim_token IS NOT NULL AND next_attempt_at > now()";

    private static final String SNAPSHOT = """
            SELECT id, type, status, attempts, %s AS in_flight
              FROM stripe_events
             WHERE endpoint = ? AND %s
             ORDER BY received_at, id""";
    /**
     * One chunk: its rows locked by primary key, then changed where they still match and the action applies. The
     * selection is evaluated as a value rather than in the WHERE clause, so that the plan is the key lookup whatever
     * the statistics say about the statuses (stale ones after a large replay made a discard scan a status index).
     */
    private static final String APPLY = """
            WITH batch AS (
                SELECT id, status, attempts, %1$s AS in_flight, (%2$s) AS selected
                  FROM stripe_events
                 WHERE endpoint = ? AND id = ANY (?)
                   FOR UPDATE),
            changed AS (
                UPDATE stripe_events e
                   SET %3$s, action_id = ?
                  FROM batch
                 WHERE e.endpoint = ? AND e.id = batch.id AND batch.selected AND batch.status = ANY (?)
                   AND NOT batch.in_flight
                RETURNING e.id)
            SELECT batch.id, batch.status, batch.attempts, batch.in_flight, changed.id IS NOT NULL AS changed
              FROM batch LEFT JOIN changed ON changed.id = batch.id
             WHERE batch.selected""";

    private static final Logger LOG = Logger.getLogger(ActionCommand.class.getName());

    private final EventAction action;
    private final PrintStream out;
    private final PrintStream err;
    private final Function<ReceiverConfig, Database> database;
    private final Function<ReceiverConfig, Database> readOnlyDatabase;
    private final Clock clock;
    private final String user;

    /**
     * The command {@code command} ({@link ReceiverCommand#REPLAY} or {@link ReceiverCommand#DISCARD}), reporting to
     * {@code out} and problems to {@code err}; it opens the database with {@code database}, and with
     * {@code readOnlyDatabase} for a dry run; {@code user} is who asks unless {@code --by} says otherwise.
     */
    public ActionCommand(
            ReceiverCommand command,
            PrintStream out,
            PrintStream err,
            Function<ReceiverConfig, Database> database,
            Function<ReceiverConfig, Database> readOnlyDatabase,
            Clock clock,
            String user) {
        this.action = switch (command) {
            case REPLAY -> EventAction.REPLAY;
            case DISCARD -> EventAction.DISCARD;
            default -> throw new IllegalArgumentException("not an action on stored events: " + command);
        };
        this.out = out;
        this.err = err;
        this.database = database;
        this.readOnlyDatabase = readOnlyDatabase;
        this.clock = clock;
        this.user = user;
    }

    /**
     * Runs with the arguments after the command's word; the exit code: 0 done (events left alone included), 1 the
     * database failed (the events changed before stay changed), 2 bad arguments or configuration (nothing changed).
     */
    public int run(List<String> args, ReceiverConfig config) {
        String name = action.command().word();
        if (args.contains("--help") || args.contains("-h")) {
            out.println(action.usage());
            return 0;
        }
        EventOptions options;
        try {
            options = EventOptions.parse(action.command(), args);
            if (action == EventAction.DISCARD
                    && !options.dryRun()
                    && options.reason().isEmpty()) {
                throw new EventOptions.UsageException(
                        EventSelection.REASON + " is required: say why these events are given up, for the record");
            }
        } catch (EventOptions.UsageException e) {
            err.println(name + ": " + e.getMessage());
            err.println(action.usage());
            return 2;
        }
        long started = System.nanoTime();
        Run run = new Run(config.endpointName(), options, options.by().orElse(user));
        int exitCode;
        String failure = null;
        try (Database db = options.dryRun() ? readOnlyDatabase.apply(config) : database.apply(config)) {
            run.apply(db);
            exitCode = 0;
        } catch (SettingException e) {
            failure = "configuration error: " + e.getMessage();
            exitCode = 2;
        } catch (SQLException | RuntimeException e) {
            failure = Database.rootMessage(e);
            exitCode = 1;
        }
        ReplaySummary summary = run.summary(failure);
        if (failure != null) {
            err.println(name + ": failed: " + failure);
        }
        out.println(summary.message());
        LogLines.eventAction(
                        summary,
                        run.endpoint,
                        run.by,
                        options.reason(),
                        run.actionId,
                        Duration.ofNanos(System.nanoTime() - started))
                .log(LOG, failure == null ? Level.INFO : Level.SEVERE);
        new TerminationMessage(config.terminationMessagePath()).write(action.command(), summary.toJson());
        return exitCode;
    }

    /** One run: its counts so far, which the summary reports however the run ends. */
    private final class Run {
        private final String endpoint;
        private final EventOptions options;
        private final String by;
        private final SelectionFilter filter;
        private Long matched;
        private long changed;
        private long skipped;
        private final List<String> notFound = new ArrayList<>();
        private Long actionId;

        Run(String endpoint, EventOptions options, String by) {
            this.endpoint = endpoint;
            this.options = options;
            this.by = by;
            this.filter = SelectionFilter.of(options.selection());
        }

        void apply(Database db) throws SQLException {
            try (Connection snapshot = db.dataSource().getConnection()) {
                snapshot.setAutoCommit(false);
                snapshot.setReadOnly(true);
                // The count and the rows from one snapshot: what matched when the run started.
                snapshot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                matched = filter.count(snapshot, endpoint);
                out.println(matched + " event(s) of endpoint " + endpoint + " match "
                        + options.selection().describe());
                if (options.dryRun()) {
                    walk(snapshot, this::report);
                } else {
                    applyAll(db, snapshot);
                }
                notFound.forEach(
                        id -> out.println((options.dryRun() ? "would skip " : "skipped ") + id + ": not found"));
                snapshot.commit();
            }
        }

        /** Records the run, changes the selected rows chunk by chunk, and records how it ended. */
        private void applyAll(Database db, Connection snapshot) throws SQLException {
            try (Connection writer = db.dataSource().getConnection()) {
                actionId = ActionLog.start(writer, endpoint, action, by, options.reason(), options.selection());
                try {
                    walk(snapshot, chunk -> applyChunk(writer, chunk));
                } catch (SQLException | RuntimeException e) {
                    finishQuietly(writer, BackfillOutcome.FAILED.text() + ": " + Database.rootMessage(e));
                    throw e;
                }
                ActionLog.finish(writer, actionId, BackfillOutcome.SUCCEEDED.text(), matched, changed, skipped);
            }
        }

        /** Reads the selected rows in chunks from the snapshot, a cursor rather than all at once. */
        private void walk(Connection snapshot, ChunkHandler handler) throws SQLException {
            try (PreparedStatement query = snapshot.prepareStatement(SNAPSHOT.formatted(IN_FLIGHT, filter.sql()))) {
                query.setFetchSize(CHUNK);
                query.setString(1, endpoint);
                filter.bind(snapshot, query, 2);
                Set<String> named = new LinkedHashSet<>(options.selection().ids());
                List<SnapshotRow> chunk = new ArrayList<>(CHUNK);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        chunk.add(new SnapshotRow(
                                rows.getString("id"),
                                Status.of(rows.getString("status")).orElseThrow(),
                                rows.getInt("attempts"),
                                rows.getBoolean("in_flight")));
                        named.remove(rows.getString("id"));
                        if (chunk.size() == CHUNK) {
                            handler.handle(chunk);
                            chunk = new ArrayList<>(CHUNK);
                        }
                    }
                }
                if (!chunk.isEmpty()) {
                    handler.handle(chunk);
                }
                notFound.addAll(named);
            }
        }

        /** A dry run: says what would happen to each row, as it stood in the snapshot. */
        private void report(List<SnapshotRow> chunk) {
            for (SnapshotRow row : chunk) {
                Optional<String> skip = skipReason(row.status(), row.inFlight());
                if (skip.isPresent()) {
                    skipped++;
                    out.println("would skip " + row.id() + ": " + skip.get());
                } else {
                    changed++;
                    out.println(action.wouldDo() + " " + row.id() + " ("
                            + row.status().word() + ", " + row.attempts() + " attempts)");
                }
            }
        }

        /** Changes the rows of one chunk in one transaction, each checked again under its lock. */
        private void applyChunk(Connection writer, List<SnapshotRow> chunk) throws SQLException {
            Map<String, String> outcomes = new HashMap<>();
            try (PreparedStatement update =
                    writer.prepareStatement(APPLY.formatted(IN_FLIGHT, filter.sql(), action.assignments()))) {
                int index = filter.bind(writer, update, 1);
                update.setString(index++, endpoint);
                update.setArray(
                        index++,
                        writer.createArrayOf(
                                "text", chunk.stream().map(SnapshotRow::id).toArray(String[]::new)));
                update.setLong(index++, actionId);
                update.setString(index++, endpoint);
                update.setArray(
                        index,
                        writer.createArrayOf(
                                "text",
                                action.changes().stream().map(Status::word).toArray(String[]::new)));
                try (ResultSet rows = update.executeQuery()) {
                    while (rows.next()) {
                        Status status = Status.of(rows.getString("status")).orElseThrow();
                        outcomes.put(
                                rows.getString("id"),
                                rows.getBoolean("changed")
                                        ? action.done() + " " + rows.getString("id") + " (was " + status.word() + ", "
                                                + rows.getInt("attempts") + " attempts)"
                                        : "skipped " + rows.getString("id") + ": "
                                                + skipReason(status, rows.getBoolean("in_flight"))
                                                        .orElseThrow());
                    }
                }
            }
            for (SnapshotRow row : chunk) {
                String outcome = outcomes.getOrDefault(
                        row.id(), "skipped " + row.id() + ": changed since the run started, no longer selected");
                if (outcome.startsWith("skipped ")) {
                    skipped++;
                } else {
                    changed++;
                }
                out.println(outcome);
            }
        }

        private Optional<String> skipReason(Status status, boolean inFlight) {
            if (inFlight) {
                return Optional.of("being forwarded right now");
            }
            return action.changes().contains(status) ? Optional.empty() : Optional.of(action.skipReason(status));
        }

        private void finishQuietly(Connection writer, String outcome) {
            try {
                ActionLog.finish(writer, actionId, outcome, matched, changed, skipped);
            } catch (SQLException | RuntimeException e) {
                // The database that failed the run may well refuse this too; the row then shows no end.
            }
        }

        /** The summary of the run as it ended; {@code failure} says why it failed, null when it did not. */
        ReplaySummary summary(String failure) {
            String counts = (options.dryRun() ? action.wouldDo() : action.done()) + " " + changed
                    + " event(s) of endpoint " + endpoint;
            List<String> parts = new ArrayList<>();
            if (failure == null) {
                parts.add(counts);
                parts.add(matched + " matched, " + skipped + " skipped");
                if (!notFound.isEmpty()) {
                    parts.add(notFound.size() + " named not found: " + String.join(", ", notFound));
                }
                if (options.dryRun()) {
                    parts.add("dry run, nothing was changed");
                }
            } else {
                parts.add(action.command().word() + " failed: " + failure);
                if (matched != null) {
                    parts.add(counts + " of " + matched + " matched before it failed");
                }
            }
            Long failed = failure == null ? Long.valueOf(0) : matched == null ? null : matched - changed - skipped;
            return new ReplaySummary(
                    clock.instant(),
                    action.command(),
                    matched,
                    matched == null ? null : changed,
                    matched == null ? null : skipped,
                    failed,
                    failure == null ? BackfillOutcome.SUCCEEDED : BackfillOutcome.FAILED,
                    String.join("; ", parts),
                    options.dryRun());
        }
    }

    /** A selected row as the run's snapshot shows it. */
    private record SnapshotRow(String id, Status status, int attempts, boolean inFlight) {}

    /** What the run does with each chunk of selected rows. */
    @FunctionalInterface
    private interface ChunkHandler {
        void handle(List<SnapshotRow> chunk) throws SQLException;
    }
}
