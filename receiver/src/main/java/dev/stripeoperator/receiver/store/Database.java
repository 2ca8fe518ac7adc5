package dev.stripeoperator.receiver.store;

import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.receiver.ReceiverConfig;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import static dev.stripeoperator.contract.ReceiverSetting.DATABASE_URL;
import static dev.stripeoperator.contract.ReceiverSetting.DATA_DIR;

/**
 * The connection pool to PostgreSQL and the schema migrations; an embedded server only when explicitly asked for
 * with {@code DATABASE_URL=embedded} (local use).
 */
public final class Database implements AutoCloseable {

    /** The {@code DATABASE_URL} value that asks for an embedded PostgreSQL under {@code DATA_DIR}. */
    public static final String EMBEDDED = "embedded";

    private static final String URL_FORM = "jdbc:postgresql://host:port/db";

    /**
     * Longest a statement may run on the server. A delivery is answered 503 after 10 s anyway; a statement still
     * running then only holds a connection and locks.
     */
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Longest the driver waits for bytes from the server: above the 10 s ack timeout and the statement timeout, so
     * the server cancels a slow statement first, yet a half-open connection (a failed-over primary that never
     * answers) is given up instead of hanging a writer for ever.
     */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(15);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HikariDataSource dataSource;
    private final DataSource migrationSource;
    private final Optional<EmbeddedPostgresServer> embedded;

    private Database(
            HikariDataSource dataSource, DataSource migrationSource, Optional<EmbeddedPostgresServer> embedded) {
        this.dataSource = dataSource;
        this.migrationSource = migrationSource;
        this.embedded = embedded;
    }

    /**
     * Opens the database the configuration names and applies pending migrations now (commands that must fail at
     * once when the database is down: {@code reconcile}, {@code replay}).
     *
     * @throws SettingException when {@code DATABASE_URL} is missing, blank or not a PostgreSQL URL
     * @throws IllegalStateException when the database cannot be reached or migrated
     */
    public static Database open(ReceiverConfig config) {
        Database database = connect(config);
        try {
            database.migrate();
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw new IllegalStateException("cannot open the database: " + rootMessage(e), e);
        }
    }

    /**
     * A pool that connects on first use and does not migrate yet ({@code serve}, which keeps retrying while the
     * database is down instead of exiting).
     *
     * @throws SettingException when {@code DATABASE_URL} is missing, blank or not a PostgreSQL URL, or asks for the
     *         embedded PostgreSQL in a build that does not carry it
     */
    public static Database connect(ReceiverConfig config) {
        return connect(config, false);
    }

    /**
     * Connections that may only read, and the schema left alone: for runs that must change nothing
     * ({@code reconcile --dry-run}).
     *
     * @throws SettingException as {@link #connect(ReceiverConfig)}
     */
    public static Database openReadOnly(ReceiverConfig config) {
        return connect(config, true);
    }

    private static Database connect(ReceiverConfig config, boolean readOnly) {
        String configured = config.databaseUrl()
                .orElseThrow(() -> new SettingException(DATABASE_URL
                        + " is unset or blank: set the PostgreSQL JDBC URL (" + URL_FORM + "); only for local use, "
                        + DATABASE_URL + "=" + EMBEDDED + " runs an embedded PostgreSQL under " + DATA_DIR));
        Optional<EmbeddedPostgresServer> embedded = Optional.empty();
        String url = configured;
        if (EMBEDDED.equals(configured)) {
            if (!EmbeddedPostgresServer.available()) {
                throw new SettingException(
                        DATABASE_URL + "=" + EMBEDDED + " asks for the embedded PostgreSQL, which this"
                                + " build does not carry (production jars and images leave it out): use make run locally,"
                                + " or set a PostgreSQL JDBC URL");
            }
            embedded = Optional.of(EmbeddedPostgresServer.start(config.dataDir()));
            url = embedded.get().jdbcUrl();
        } else if (!url.startsWith("jdbc:postgresql:")) {
            throw SettingException.invalidWithoutValue(DATABASE_URL.name(), "a PostgreSQL JDBC URL (" + URL_FORM + ")");
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("stripe-events");
        hikari.setJdbcUrl(url);
        config.databaseUser().ifPresent(hikari::setUsername);
        config.databasePassword().ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(config.databasePoolSize());
        // A delivery must get its answer quickly: when no connection comes within this time the
        // receiver answers 503 and Stripe retries, rather than holding the request open.
        hikari.setConnectionTimeout(2_000);
        hikari.setValidationTimeout(1_000);
        // Start without a connection: serve answers 503 and keeps trying while the database is down.
        hikari.setInitializationFailTimeout(-1);
        hikari.setRegisterMbeans(false);
        hikari.setReadOnly(readOnly);
        hikari.setDataSourceProperties(driverProperties());
        hikari.setConnectionInitSql("SET statement_timeout = " + STATEMENT_TIMEOUT.toMillis());
        try {
            return new Database(new HikariDataSource(hikari), migrationSource(url, config), embedded);
        } catch (RuntimeException e) {
            embedded.ifPresent(EmbeddedPostgresServer::close);
            throw e;
        }
    }

    /**
     * Applies pending schema migrations, on a connection of their own without the statement and socket timeouts
     * (a migration may rewrite a large table).
     *
     * @throws RuntimeException when the database cannot be reached or a migration fails
     */
    public void migrate() {
        Flyway.configure()
                .dataSource(migrationSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** The pooled data source. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The pool itself, for metrics on its usage. */
    public HikariDataSource pool() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
        embedded.ifPresent(EmbeddedPostgresServer::close);
    }

    /** The root cause's message, for one-line reports. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /**
     * Driver settings of every connection: keep-alive probes, bounded connect and read waits, and error messages
     * without the server's detail lines, which may quote a refused row's values.
     */
    private static Properties driverProperties() {
        Properties properties = new Properties();
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        properties.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        properties.setProperty("logServerErrorDetail", "false");
        return properties;
    }

    private static DataSource migrationSource(String url, ReceiverConfig config) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(url);
        source.setTcpKeepAlive(true);
        source.setConnectTimeout((int) CONNECT_TIMEOUT.toSeconds());
        source.setLogServerErrorDetail(false);
        config.databaseUser().ifPresent(source::setUser);
        config.databasePassword().ifPresent(source::setPassword);
        return source;
    }
}
