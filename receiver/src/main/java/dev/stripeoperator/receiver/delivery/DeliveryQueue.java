package dev.stripeoperator.receiver.delivery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The due rows of one endpoint as a work queue shared by every replica: claims take a lease with
 * {@code FOR UPDATE SKIP LOCKED}, outcomes are written only by the holder of the current claim.
 */
final class DeliveryQueue {

    private static final String CLAIM = """
            UPDATE stripe_events e
               SET attempts = e.attempts + 1,
                   next_attempt_at = now() + make_interval(secs => ?),
                   claim_token = ?
              FROM (SELECT endpoint, id FROM stripe_events
                     WHERE endpoint = ? AND status IN ('pending', 'failed') AND next_attempt_at <= now()
                     ORDER BY next_attempt_at
                     LIMIT ?
                     FOR UPDATE SKIP LOCKED) due
             WHERE e.endpoint = due.endpoint AND e.id = due.id
            RETURNING e.id, e.type, e.created, e.payload::text, e.attempts
            """;

    private static final String DELIVERED = """
            UPDATE stripe_events
               SET status = 'delivered', delivered_at = now(), next_attempt_at = NULL, last_error = NULL, claim_token = NULL
             WHERE endpoint = ? AND id = ? AND claim_token = ?
            """;

    private static final String RETRY = """
            UPDATE stripe_events
               SET status = 'failed', next_attempt_at = now() + make_interval(secs => ?), last_error = ?, claim_token = NULL
             WHERE endpoint = ? AND id = ? AND claim_token = ?
            """;

    private static final String DEAD = """
            UPDATE stripe_events
               SET status = 'dead', next_attempt_at = NULL, last_error = ?, claim_token = NULL
             WHERE endpoint = ? AND id = ? AND claim_token = ?
            """;

    private final ConnectionBudget connections;
    private final String endpoint;
    private final Duration lease;

    DeliveryQueue(ConnectionBudget connections, String endpoint, Duration lease) {
        this.connections = connections;
        this.endpoint = endpoint;
        this.lease = lease;
    }

    /** Leases up to {@code limit} due rows, oldest due first, and commits the claim before any is sent. */
    List<ClaimedEvent> claim(int limit) throws SQLException, InterruptedException {
        UUID token = UUID.randomUUID();
        return connections.use(connection -> {
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setDouble(1, seconds(lease));
                claim.setObject(2, token);
                claim.setString(3, endpoint);
                claim.setInt(4, limit);
                List<ClaimedEvent> claimed = new ArrayList<>(limit);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(new ClaimedEvent(rows.getString(1), rows.getString(2),
                                rows.getTimestamp(3).toInstant(), rows.getString(4), rows.getInt(5), token));
                    }
                }
                return claimed;
            }
        });
    }

    /** Marks the event delivered; false when the claim was lost (lease expired and the row was taken over or replayed). */
    boolean delivered(ClaimedEvent event) throws SQLException, InterruptedException {
        return update(DELIVERED, event);
    }

    /** Schedules another attempt after the delay, keeping the reason. */
    boolean retry(ClaimedEvent event, Duration delay, String reason) throws SQLException, InterruptedException {
        return update(RETRY, event, seconds(delay), reason);
    }

    /** Gives up on the event, keeping the reason. */
    boolean dead(ClaimedEvent event, String reason) throws SQLException, InterruptedException {
        return update(DEAD, event, reason);
    }

    private boolean update(String sql, ClaimedEvent event, Object... leading) throws SQLException, InterruptedException {
        return connections.use(connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                int index = 1;
                for (Object value : leading) {
                    update.setObject(index++, value);
                }
                update.setString(index++, endpoint);
                update.setString(index++, event.id());
                update.setObject(index, event.claimToken());
                return update.executeUpdate() == 1;
            }
        });
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
