package dev.stripeoperator.receiver.deadletters;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.stripeoperator.contract.EventSelection;
import dev.stripeoperator.contract.EventSelection.Status;
import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.store.Database;

/**
 * The {@code list} command: prints the stored events of {@code ENDPOINT_NAME} a selection matches, as a table for
 * people, without payloads. It only reads, on read-only connections, and applies no migration.
 */
public final class ListCommand {

    private static final String EVENTS = """
            SELECT id, type, status, attempts, created, last_error,
                   claim_token IS NOT NULL AND next_attempt_at > now() AS in_flight%s
              FROM stripe_events
             WHERE endpoint = ? AND %s
             ORDER BY received_at, id
             LIMIT ?""";

    /** The last action of each row, once the schema has the audit trail (a read-only run migrates nothing). */
    private static final String LAST_ACTION = """
            ,
                   (SELECT a.action || ' by ' || a.requested_by || ' at '
                           || to_char(a.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                           || coalesce(': ' || a.reason, '')
                      FROM stripe_event_actions a WHERE a.id = stripe_events.action_id) AS last_action""";

    private final PrintStream out;
    private final PrintStream err;
    private final Function<ReceiverConfig, Database> database;

    /** A command printing to {@code out} and problems to {@code err}, opening the database with {@code database}. */
    public ListCommand(PrintStream out, PrintStream err, Function<ReceiverConfig, Database> database) {
        this.out = out;
        this.err = err;
        this.database = database;
    }

    /** Runs with the arguments after {@code list}; the exit code: 0 done, 1 the database failed, 2 bad arguments. */
    public int run(List<String> args, ReceiverConfig config) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(Usage.LIST);
            return 0;
        }
        EventOptions options;
        try {
            options = EventOptions.parse(ReceiverCommand.LIST, args);
        } catch (EventOptions.UsageException e) {
            err.println("list: " + e.getMessage());
            err.println(Usage.LIST);
            return 2;
        }
        try (Database db = database.apply(config);
                Connection connection = db.dataSource().getConnection()) {
            list(connection, config.endpointName(), options);
            return 0;
        } catch (SettingException e) {
            err.println("list: configuration error: " + e.getMessage());
            return 2;
        } catch (SQLException | RuntimeException e) {
            err.println("list: failed: " + Database.rootMessage(e));
            return 1;
        }
    }

    private void list(Connection connection, String endpoint, EventOptions options) throws SQLException {
        SelectionFilter filter = SelectionFilter.of(options.selection());
        List<StoredEvent> events = new ArrayList<>();
        if (options.limit() > 0) {
            boolean audited = hasAuditTrail(connection);
            try (PreparedStatement query =
                    connection.prepareStatement(EVENTS.formatted(audited ? LAST_ACTION : "", filter.sql()))) {
                query.setString(1, endpoint);
                int next = filter.bind(connection, query, 2);
                query.setInt(next, options.limit() + 1);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        events.add(new StoredEvent(
                                rows.getString("id"),
                                rows.getString("type"),
                                Status.of(rows.getString("status")).orElseThrow(),
                                rows.getInt("attempts"),
                                rows.getObject("created", OffsetDateTime.class).toInstant(),
                                rows.getString("last_error"),
                                rows.getBoolean("in_flight"),
                                Optional.ofNullable(audited ? rows.getString("last_action") : null)));
                    }
                }
            }
        }
        boolean more = events.size() > options.limit();
        List<StoredEvent> shown = more ? events.subList(0, options.limit()) : events;
        if (!shown.isEmpty()) {
            printTable(shown);
        }
        long total = more || options.limit() == 0 ? filter.count(connection, endpoint) : shown.size();
        out.println(
                shown.size() == total || options.limit() == 0
                        ? total + " matching event(s) of endpoint " + endpoint
                        : "the first " + shown.size() + " of " + total + " matching event(s) of endpoint " + endpoint
                                + " (" + EventSelection.LIMIT + " shows more)");
    }

    private void printTable(List<StoredEvent> events) {
        boolean actions = events.stream().anyMatch(e -> e.lastAction().isPresent());
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("ID", "TYPE", "STATUS", "ATTEMPTS", "CREATED", "LAST-ERROR"));
        if (actions) {
            header.add("LAST-ACTION");
        }
        table.add(header);
        for (StoredEvent event : events) {
            List<String> row = new ArrayList<>(List.of(
                    event.id(),
                    event.type(),
                    event.status().word() + (event.inFlight() ? " (sending)" : ""),
                    Integer.toString(event.attempts()),
                    event.created().truncatedTo(ChronoUnit.SECONDS).toString(),
                    oneLine(event.lastError())));
            if (actions) {
                row.add(oneLine(event.lastAction().orElse(null)));
            }
            table.add(row);
        }
        int[] widths = new int[header.size()];
        table.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        for (List<String> row : table) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** Whether the schema has the audit trail of replays and discards (a database migrated by this version). */
    static boolean hasAuditTrail(Connection connection) throws SQLException {
        try (PreparedStatement query =
                        connection.prepareStatement("SELECT to_regclass('stripe_event_actions') IS NOT NULL");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    /** A text of the table or a person's reason on one line: control characters become blanks; unknown is {@code -}. */
    static String oneLine(String text) {
        return text == null || text.isBlank() ? "-" : text.replaceAll("\\p{Cntrl}", " ");
    }
}
