package dev.stripeoperator.receiver.forwarding;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.store.Database;

import static dev.stripeoperator.contract.ReceiverSetting.ENABLED_EVENTS;
import static dev.stripeoperator.contract.ReceiverSetting.ENDPOINT_NAME;

/**
 * The {@code replay} command: puts stored events of {@code ENDPOINT_NAME} back to {@code pending} so the
 * forwarding worker sends them again. It only updates rows, never creates them.
 */
public final class ReplayCommand {

    static final String USAGE = """
            usage: receiver replay --id evt_... [--id evt_...]
                   receiver replay [--status dead|failed] [--since <RFC 3339> [--until <RFC 3339>]]
              Puts matching events of %s back to pending (attempts reset, due now).
              --id       an event id; repeatable; cannot be combined with the other options
              --status   only events in this state: dead (given up) or failed (waiting for a retry)
              --since    only events received at or after this time, e.g. 2026-11-23T14:00:00Z
              --until    only events received before this time (needs --since)
              Delivered, dead and failed events are replayed; pending ones already wait to be forwarded,
              ignored ones were filtered out by %s, and events being sent right now are left alone.""".formatted(ENDPOINT_NAME, ENABLED_EVENTS);

    /** Rows that may be put back; a row is in flight while its claim token's lease has not run out. */
    private static final String REPLAYABLE = """
            status IN ('delivered', 'dead', 'failed')
            AND NOT (claim_token IS NOT NULL AND next_attempt_at > now())""";

    private static final String REPLAY = """
            WITH target AS (
                SELECT id, status, attempts FROM stripe_events
                 WHERE endpoint = ? AND %s AND %s
                 ORDER BY received_at, id
                 FOR UPDATE)
            UPDATE stripe_events e
               SET status = 'pending', attempts = 0, next_attempt_at = now(), claim_token = NULL
              FROM target
             WHERE e.endpoint = ? AND e.id = target.id
            RETURNING target.id, target.status, target.attempts
            """;

    private static final Set<String> OPTIONS = Set.of("--id", "--status", "--since", "--until");

    private static final String STATUS_OF = "SELECT id, status FROM stripe_events WHERE endpoint = ? AND id = ANY (?)";

    /** What to replay, as given on the command line. */
    record Selection(List<String> ids, Optional<String> status, Optional<Instant> since, Optional<Instant> until) {}

    /** The command line could not be understood; the message says why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Function<ReceiverConfig, Database> database;

    /** A command writing its report to {@code out} and problems to {@code err}, opening the database with {@code database}. */
    public ReplayCommand(PrintStream out, PrintStream err, Function<ReceiverConfig, Database> database) {
        this.out = out;
        this.err = err;
        this.database = database;
    }

    /**
     * Runs the command with the arguments after {@code replay}; returns the exit code: 0 done, 1 the database
     * failed, 2 bad arguments or configuration (nothing was changed).
     */
    public int run(List<String> args, ReceiverConfig config) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        Selection selection;
        try {
            selection = parse(args);
        } catch (UsageException e) {
            err.println("replay: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try (Database db = database.apply(config);
                Connection connection = db.dataSource().getConnection()) {
            replay(connection, config.endpointName(), selection);
            return 0;
        } catch (SettingException e) {
            err.println("replay: configuration error: " + e.getMessage());
            return 2;
        } catch (SQLException | RuntimeException e) {
            err.println("replay: failed: " + e.getMessage());
            return 1;
        }
    }

    static Selection parse(List<String> args) throws UsageException {
        List<String> ids = new ArrayList<>();
        Optional<String> status = Optional.empty();
        Optional<Instant> since = Optional.empty();
        Optional<Instant> until = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (!OPTIONS.contains(option)) {
                throw new UsageException(
                        option.startsWith("-")
                                ? "unknown option '" + option + "'"
                                : "unexpected argument '" + option + "'");
            }
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                throw new UsageException(option + " needs a value");
            }
            String value = args.get(++i).trim();
            switch (option) {
                case "--id" -> {
                    if (!value.startsWith("evt_")) {
                        throw new UsageException("--id must be a Stripe event id (evt_...), got '" + value + "'");
                    }
                    ids.add(value);
                }
                case "--status" -> {
                    if (status.isPresent()) {
                        throw new UsageException("--status may be given once");
                    }
                    if (!value.equals("dead") && !value.equals("failed")) {
                        throw new UsageException("--status must be dead or failed, got '" + value + "'");
                    }
                    status = Optional.of(value);
                }
                case "--since" -> since = Optional.of(time(option, value, since));
                case "--until" -> until = Optional.of(time(option, value, until));
                default -> throw new IllegalStateException("option without a case: " + option);
            }
        }
        if (!ids.isEmpty() && (status.isPresent() || since.isPresent() || until.isPresent())) {
            throw new UsageException("--id cannot be combined with --status, --since or --until");
        }
        if (ids.isEmpty() && status.isEmpty() && since.isEmpty()) {
            throw new UsageException(
                    until.isPresent() ? "--until needs --since" : "say what to replay: --id, --status or --since");
        }
        if (until.isPresent() && since.isEmpty()) {
            throw new UsageException("--until needs --since");
        }
        if (since.isPresent() && until.isPresent() && !until.get().isAfter(since.get())) {
            throw new UsageException("--until must be later than --since");
        }
        return new Selection(List.copyOf(new LinkedHashSet<>(ids)), status, since, until);
    }

    private static Instant time(String option, String value, Optional<Instant> earlier) throws UsageException {
        if (earlier.isPresent()) {
            throw new UsageException(option + " may be given once");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException(
                    option + " must be an RFC 3339 time such as 2026-11-23T14:00:00Z, got '" + value + "'");
        }
    }

    private void replay(Connection connection, String endpoint, Selection selection) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String filter;
        if (!selection.ids().isEmpty()) {
            filter = "id = ANY (?)";
            parameters.add(selection.ids().toArray(String[]::new));
        } else {
            List<String> conditions = new ArrayList<>();
            selection.status().ifPresent(status -> {
                conditions.add("status = ?");
                parameters.add(status);
            });
            selection.since().ifPresent(since -> {
                conditions.add("received_at >= ?");
                parameters.add(Timestamp.from(since));
            });
            selection.until().ifPresent(until -> {
                conditions.add("received_at < ?");
                parameters.add(Timestamp.from(until));
            });
            filter = String.join(" AND ", conditions);
        }
        Set<String> replayed = new LinkedHashSet<>();
        try (PreparedStatement update = connection.prepareStatement(REPLAY.formatted(REPLAYABLE, filter))) {
            int index = 1;
            update.setString(index++, endpoint);
            for (Object parameter : parameters) {
                if (parameter instanceof String[] ids) {
                    update.setArray(index++, connection.createArrayOf("text", ids));
                } else {
                    update.setObject(index++, parameter);
                }
            }
            update.setString(index, endpoint);
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    replayed.add(rows.getString(1));
                    out.println("replayed " + rows.getString(1) + " (was " + rows.getString(2) + ", " + rows.getInt(3)
                            + " attempts)");
                }
            }
        }
        if (!selection.ids().isEmpty()) {
            reportSkipped(connection, endpoint, selection.ids(), replayed);
        }
        out.println("replayed " + replayed.size() + " event(s) of endpoint " + endpoint);
    }

    /** Says, for each named id that was not replayed, why not. */
    private void reportSkipped(Connection connection, String endpoint, List<String> ids, Set<String> replayed)
            throws SQLException {
        List<String> skipped = ids.stream().filter(id -> !replayed.contains(id)).toList();
        if (skipped.isEmpty()) {
            return;
        }
        Set<String> found = new LinkedHashSet<>();
        try (PreparedStatement query = connection.prepareStatement(STATUS_OF)) {
            query.setString(1, endpoint);
            query.setArray(2, connection.createArrayOf("text", skipped.toArray(String[]::new)));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                    String status = rows.getString(2);
                    out.println("skipped " + rows.getString(1) + ": "
                            + switch (status) {
                                case "pending" -> "already pending";
                                case "ignored" -> "ignored (not in " + ENABLED_EVENTS + ")";
                                default -> "being delivered right now";
                            });
                }
            }
        }
        skipped.stream().filter(id -> !found.contains(id)).forEach(id -> out.println("skipped " + id + ": not found"));
    }
}
