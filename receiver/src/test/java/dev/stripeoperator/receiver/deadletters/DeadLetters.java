package dev.stripeoperator.receiver.deadletters;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.receiver.forwarding.EventsDatabase;
import dev.stripeoperator.receiver.store.Database;
import dev.stripeoperator.receiver.store.NewEvent;

/** The list, replay and discard commands run against an {@link EventsDatabase}, and the rows arranged for them. */
final class DeadLetters {

    /** What a run printed and answered. */
    record Run(int exit, String out, String err) {}

    /** A row of the audit trail. */
    record Action(
            String action,
            String requestedBy,
            String reason,
            String selection,
            String outcome,
            Long matched,
            Long changed,
            Long skipped,
            boolean finished) {}

    private final EventsDatabase db;

    DeadLetters(EventsDatabase db) {
        this.db = db;
    }

    Run list(String... args) {
        return run(ReceiverCommand.LIST, Map.of(), args);
    }

    Run replay(String... args) {
        return run(ReceiverCommand.REPLAY, Map.of(), args);
    }

    Run discard(String... args) {
        return run(ReceiverCommand.DISCARD, Map.of(), args);
    }

    /** Runs a command with extra settings, as {@code alice} unless {@code --by} says otherwise. */
    Run run(ReceiverCommand command, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int exit = command == ReceiverCommand.LIST
                ? new ListCommand(outStream, errStream, Database::openReadOnly)
                        .run(List.of(args), db.receiverConfig(env))
                : new ActionCommand(
                                command,
                                outStream,
                                errStream,
                                Database::open,
                                Database::openReadOnly,
                                Clock.systemUTC(),
                                "alice")
                        .run(List.of(args), db.receiverConfig(env));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Stores an event of the endpoint in {@code status}, then gives it a type and times. */
    void store(String id, NewEvent.Status status, String type, Instant created, Instant receivedAt)
            throws SQLException {
        db.store(EventsDatabase.ENDPOINT, id, status);
        try (Connection connection = db.database().dataSource().getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE stripe_events SET type = ?, created = ?, received_at = ? WHERE id = ?")) {
            update.setString(1, type);
            update.setObject(2, java.time.OffsetDateTime.ofInstant(created, java.time.ZoneOffset.UTC));
            update.setObject(3, java.time.OffsetDateTime.ofInstant(receivedAt, java.time.ZoneOffset.UTC));
            update.setString(4, id);
            update.executeUpdate();
        }
    }

    /** Stores a dead letter as the worker leaves one after its last attempt. */
    void storeDead(String id, String type, Instant created) throws SQLException {
        store(id, NewEvent.Status.PENDING, type, created, created.plusSeconds(1));
        db.execute("UPDATE stripe_events SET status = 'dead', attempts = 12, next_attempt_at = NULL,"
                + " last_error = 'sink answered HTTP 503 (gave up after 12 attempts)' WHERE id = '" + id + "'");
    }

    /** Gives a row a live lease, as a replica sending it right now holds. */
    void inFlight(String id) throws SQLException {
        db.execute("UPDATE stripe_events SET status = 'failed', claim_token = gen_random_uuid(),"
                + " next_attempt_at = now() + interval '1 minute' WHERE id = '" + id + "'");
    }

    String status(String id) throws SQLException {
        return db.existing(id).status();
    }

    /** The audit trail's row that a row's action_id names, if any. */
    Optional<Action> lastAction(String id) throws SQLException {
        return query(
                "SELECT a.* FROM stripe_event_actions a JOIN stripe_events e ON e.action_id = a.id WHERE e.id = ?", id);
    }

    /** The audit trail, oldest first. */
    List<Action> actions() throws SQLException {
        List<Action> actions = new java.util.ArrayList<>();
        try (Connection connection = db.database().dataSource().getConnection();
                PreparedStatement query =
                        connection.prepareStatement("SELECT * FROM stripe_event_actions ORDER BY id");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                actions.add(action(rows));
            }
        }
        return actions;
    }

    private Optional<Action> query(String sql, String id) throws SQLException {
        try (Connection connection = db.database().dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(action(rows)) : Optional.empty();
            }
        }
    }

    private static Action action(ResultSet rows) throws SQLException {
        return new Action(
                rows.getString("action"),
                rows.getString("requested_by"),
                rows.getString("reason"),
                rows.getString("selection"),
                rows.getString("outcome"),
                (Long) rows.getObject("matched"),
                (Long) rows.getObject("changed"),
                (Long) rows.getObject("skipped"),
                rows.getObject("finished_at") != null);
    }

    /** Settings with a termination message file. */
    static Map<String, String> terminationMessageAt(java.nio.file.Path file) {
        Map<String, String> env = new HashMap<>();
        env.put("TERMINATION_MESSAGE_PATH", file.toString());
        return env;
    }
}
