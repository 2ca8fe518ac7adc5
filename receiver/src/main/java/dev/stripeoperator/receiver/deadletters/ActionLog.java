package dev.stripeoperator.receiver.deadletters;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The audit trail of replays and discards, the table {@code stripe_event_actions}: a row when a run starts, completed
 * when it ends; the rows it changes point at it ({@code stripe_events.action_id}).
 */
final class ActionLog {

    private static final String START = """
            INSERT INTO stripe_event_actions (endpoint, action, requested_by, reason, selection)
            VALUES (?, ?, ?, ?, ?) RETURNING id""";
    private static final String FINISH = """
            UPDATE stripe_event_actions
               SET finished_at = now(), outcome = ?, matched = ?, changed = ?, skipped = ?
             WHERE id = ?""";

    private ActionLog() {}

    /** Records that a run starts; answers its id. */
    static long start(
            Connection connection,
            String endpoint,
            EventAction action,
            String by,
            Optional<String> reason,
            Selection selection)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(START)) {
            insert.setString(1, endpoint);
            insert.setString(2, action.command().word());
            insert.setString(3, by);
            insert.setString(4, reason.orElse(null));
            insert.setString(5, selection.describe());
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Records how the run ended. */
    static void finish(Connection connection, long id, String outcome, long matched, long changed, long skipped)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(FINISH)) {
            update.setString(1, outcome);
            update.setLong(2, matched);
            update.setLong(3, changed);
            update.setLong(4, skipped);
            update.setLong(5, id);
            update.executeUpdate();
        }
    }
}
