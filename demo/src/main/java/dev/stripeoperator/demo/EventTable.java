package dev.stripeoperator.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What the demo shows of the receivers' table: each stored event's id, type, source and status, in arrival order. */
final class EventTable {

    private EventTable() {}

    static List<List<String>> rows(Connection connection) {
        List<List<String>> rows = new ArrayList<>();
        try (connection;
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT id, type, source, status FROM stripe_events ORDER BY received_at, id")) {
            while (result.next()) {
                rows.add(List.of(result.getString(1), result.getString(2), result.getString(3), result.getString(4)));
            }
        } catch (SQLException e) {
            throw new DemoFailure("cannot read the events table: " + e.getMessage(), e);
        }
        return rows;
    }
}
