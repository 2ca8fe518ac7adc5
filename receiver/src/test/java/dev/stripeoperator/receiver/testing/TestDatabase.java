package dev.stripeoperator.receiver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A real PostgreSQL for one test class, on a random port, that can be stopped and started on the same data. */
public final class TestDatabase implements AutoCloseable {

    private final Path dataDir;
    /** Another address it listens on besides loopback, and the clients it lets in there; null for loopback only. */
    private final String address;

    private final String clientSubnet;
    private int port;
    private EmbeddedPostgres postgres;

    private TestDatabase(Path dataDir, String address, String clientSubnet) {
        this.dataDir = dataDir;
        this.address = address;
        this.clientSubnet = clientSubnet;
    }

    /** Starts a fresh server on loopback. */
    public static TestDatabase start() {
        return start(null, null);
    }

    /**
     * Starts a fresh server that also listens on {@code address} (a local one, such as the bridge pods reach this
     * machine at) and lets clients from {@code clientSubnet} (CIDR) in there.
     */
    public static TestDatabase startReachableAt(String address, String clientSubnet) {
        return start(address, clientSubnet);
    }

    private static TestDatabase start(String address, String clientSubnet) {
        try {
            TestDatabase db = new TestDatabase(Files.createTempDirectory("receiver-test-pg"), address, clientSubnet);
            db.postgres = db.builder().start();
            db.port = db.postgres.getPort();
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EmbeddedPostgres.Builder builder() {
        EmbeddedPostgres.Builder builder =
                EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false);
        if (address != null) {
            builder.setServerConfig("listen_addresses", "127.0.0.1," + address)
                    .setDataDirectoryCustomizer(dir -> allowClients(dir.toPath().resolve("pg_hba.conf")));
        }
        return builder;
    }

    private void allowClients(Path hba) {
        try {
            String rule = "host all all " + clientSubnet + " trust\n";
            if (!Files.readString(hba).contains(rule)) {
                Files.writeString(hba, rule, java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDBC URL the receiver's {@code DATABASE_URL} takes. */
    public String jdbcUrl() {
        return jdbcUrl("localhost");
    }

    /** The JDBC URL for a client that reaches the server at {@code host}. */
    public String jdbcUrl(String host) {
        return "jdbc:postgresql://" + host + ":" + port + "/postgres?user=postgres";
    }

    /** The port it listens on, on loopback. */
    public int port() {
        return port;
    }

    /** Stops the server, keeping its data. */
    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again on the same data directory and port. */
    public void restart() {
        try {
            postgres = builder().setPort(port).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of stored rows for this event id. */
    public int count(String eventId) {
        return query("SELECT count(*) FROM stripe_events WHERE id = ?", eventId, rs -> rs.getInt(1))
                .orElse(0);
    }

    /** How many of these event ids have a stored row. */
    public int stored(java.util.Collection<String> eventIds) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(DISTINCT id) FROM stripe_events WHERE id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("text", eventIds.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored status of this event id. */
    public Optional<String> status(String eventId) {
        return query("SELECT status FROM stripe_events WHERE id = ?", eventId, rs -> rs.getString(1));
    }

    /** The stored payload of this event id, as text. */
    public Optional<String> payload(String eventId) {
        return query("SELECT payload::text FROM stripe_events WHERE id = ?", eventId, rs -> rs.getString(1));
    }

    /** The stored raw body of this event id, decoded as UTF-8. */
    public Optional<String> body(String eventId) {
        return query(
                "SELECT body FROM stripe_events WHERE id = ?",
                eventId,
                rs -> new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** One column of this event id's row, or an expression over its columns, as text. */
    public Optional<String> column(String eventId, String column) {
        if (!column.matches("[a-z_ ().=,':0-9A-Z]+")) {
            throw new IllegalArgumentException("not a column name: " + column);
        }
        return query("SELECT (" + column + ")::text FROM stripe_events WHERE id = ?", eventId, rs -> rs.getString(1));
    }

    private <T> Optional<T> query(String sql, String eventId, Column<T> column) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, eventId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.ofNullable(column.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }
}
