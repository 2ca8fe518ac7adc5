package dev.stripeoperator.receiver.forwarding;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The due rows of one endpoint as a work queue shared by every replica: claims take a lease with
 * {@code FOR UPDATE SKIP LOCKED}, outcomes are written only for the current claim.
 */
final class ForwardingQueue {

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
            RETURNING e.id, e.type, e.created, e.body, e.attempts,
                      CASE WHEN e.api_version_mismatch THEN e.api_version END, e.kind = 'thin', e.context
            """;

    // All outcomes of a group in one statement: the columns travel as arrays and unnest() turns them into rows.
    // A row is updated only while it still carries the claim token of the attempt that produced the outcome.
    private static final String RECORD = """
            UPDATE stripe_events e
               SET status = o.status,
                   delivered_at = CASE WHEN o.status = 'delivered' THEN now() ELSE e.delivered_at END,
                   next_attempt_at = CASE WHEN o.status = 'failed' THEN now() + make_interval(secs => o.delay) END,
                   last_error = o.error,
                   claim_token = NULL
              FROM unnest(?::text[], ?::uuid[], ?::text[], ?::float8[], ?::text[]) AS o(id, token, status, delay, error)
             WHERE e.endpoint = ? AND e.id = o.id AND e.claim_token = o.token
            RETURNING o.id, o.token
            """;

    /** One attempt's hold on a row. */
    record Claim(String id, UUID token) {
        static Claim of(ClaimedEvent event) {
            return new Claim(event.id(), event.claimToken());
        }
    }

    private final ConnectionBudget connections;
    private final String endpoint;
    private final Duration lease;

    ForwardingQueue(ConnectionBudget connections, String endpoint, Duration lease) {
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
                        claimed.add(new ClaimedEvent(
                                rows.getString(1),
                                rows.getString(2),
                                rows.getTimestamp(3).toInstant(),
                                rows.getBytes(4),
                                rows.getInt(5),
                                token,
                                Optional.ofNullable(rows.getString(6)),
                                rows.getBoolean(7),
                                Optional.ofNullable(rows.getString(8))));
                    }
                }
                return claimed;
            }
        });
    }

    /**
     * Writes the outcomes in one statement and commits; returns the claims that were still held (an outcome
     * whose lease ran out and whose row was taken over or replayed is not written).
     */
    Set<Claim> record(List<AttemptResult> outcomes) throws SQLException, InterruptedException {
        // Rows locked in one global order: two replicas' groups never wait on each other in a cycle.
        List<AttemptResult> rows = outcomes.stream()
                .sorted(Comparator.comparing(o -> o.event().id()))
                .toList();
        return connections.use(connection -> {
            try (PreparedStatement update = connection.prepareStatement(RECORD)) {
                update.setArray(
                        1,
                        connection.createArrayOf(
                                "text", rows.stream().map(o -> o.event().id()).toArray()));
                update.setArray(
                        2,
                        connection.createArrayOf(
                                "uuid",
                                rows.stream().map(o -> o.event().claimToken()).toArray()));
                update.setArray(
                        3,
                        connection.createArrayOf(
                                "text", rows.stream().map(AttemptResult::status).toArray()));
                update.setArray(
                        4,
                        connection.createArrayOf(
                                "float8",
                                rows.stream().map(o -> seconds(o.retryDelay())).toArray()));
                update.setArray(
                        5,
                        connection.createArrayOf(
                                "text", rows.stream().map(AttemptResult::error).toArray()));
                update.setString(6, endpoint);
                Set<Claim> stored = new HashSet<>();
                try (ResultSet result = update.executeQuery()) {
                    while (result.next()) {
                        stored.add(new Claim(result.getString(1), result.getObject(2, UUID.class)));
                    }
                }
                return stored;
            }
        });
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
