package dev.stripeoperator.receiver.deadletters;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.stripeoperator.contract.EventSelection.Status;

/**
 * The SQL condition a {@link Selection} stands for, on the columns of {@code stripe_events}, with its parameters in
 * the order they appear.
 */
final class SelectionFilter {

    private final String sql;
    private final List<Object> parameters;

    private SelectionFilter(String sql, List<Object> parameters) {
        this.sql = sql;
        this.parameters = parameters;
    }

    /** The condition of the selection; the endpoint is bound separately by each statement. */
    static SelectionFilter of(Selection selection) {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (selection.byIds()) {
            conditions.add("id = ANY (?)");
            parameters.add(selection.ids().toArray(String[]::new));
        } else {
            conditions.add("status = ANY (?)");
            parameters.add(selection.statuses().stream().map(Status::word).toArray(String[]::new));
        }
        if (!selection.types().isEmpty()) {
            conditions.add("type LIKE ANY (?)");
            parameters.add(
                    selection.types().stream().map(SelectionFilter::likePattern).toArray(String[]::new));
        }
        range(conditions, parameters, "received_at", selection.since(), selection.until());
        range(conditions, parameters, "created", selection.createdSince(), selection.createdUntil());
        return new SelectionFilter(String.join(" AND ", conditions), parameters);
    }

    /** The condition, for a WHERE clause. */
    String sql() {
        return sql;
    }

    /** Binds the parameters from {@code index} on; answers the index after them. */
    int bind(Connection connection, PreparedStatement statement, int index) throws SQLException {
        int next = index;
        for (Object parameter : parameters) {
            if (parameter instanceof String[] values) {
                statement.setArray(next++, connection.createArrayOf("text", values));
            } else {
                statement.setObject(next++, OffsetDateTime.ofInstant((Instant) parameter, ZoneOffset.UTC));
            }
        }
        return next;
    }

    /** How many stored events of {@code endpoint} the selection matches. */
    long count(Connection connection, String endpoint) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT count(*) FROM stripe_events WHERE endpoint = ? AND " + sql)) {
            query.setString(1, endpoint);
            bind(connection, query, 2);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** A type with {@code *} wildcards, as {@code ENABLED_EVENTS} writes them, as a LIKE pattern (escape {@code \}). */
    static String likePattern(String type) {
        return type.replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_")
                .replace('*', '%');
    }

    private static void range(
            List<String> conditions,
            List<Object> parameters,
            String column,
            Optional<Instant> from,
            Optional<Instant> to) {
        from.ifPresent(time -> {
            conditions.add(column + " >= ?");
            parameters.add(time);
        });
        to.ifPresent(time -> {
            conditions.add(column + " < ?");
            parameters.add(time);
        });
    }
}
