package dev.stripeoperator.receiver.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stripeoperator.receiver.ConfigException;
import dev.stripeoperator.receiver.ReceiverConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool to PostgreSQL, migrated to the current schema; an embedded server when no URL is set.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Optional<EmbeddedPostgres> embedded;

    private Database(HikariDataSource dataSource, Optional<EmbeddedPostgres> embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
    }

    /** Opens the database the configuration names and applies pending migrations. */
    public static Database open(ReceiverConfig config) {
        return open(config, false);
    }

    /** Opens the database with read-only connections and leaves its schema alone: for runs that must change nothing. */
    public static Database openReadOnly(ReceiverConfig config) {
        return open(config, true);
    }

    private static Database open(ReceiverConfig config, boolean readOnly) {
        Optional<EmbeddedPostgres> embedded = config.databaseUrl().isPresent()
                ? Optional.empty()
                : Optional.of(startEmbedded(config.dataDir()));
        String url = config.databaseUrl()
                .orElseGet(() -> embedded.orElseThrow().getJdbcUrl("postgres", "postgres"));
        if (!url.startsWith("jdbc:postgresql:")) {
            embedded.ifPresent(Database::stopQuietly);
            throw new ConfigException("DATABASE_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
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
        hikari.setRegisterMbeans(false);
        hikari.setReadOnly(readOnly);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
            if (!readOnly) {
                Flyway.configure()
                        .dataSource(dataSource)
                        .locations("classpath:db/migration")
                        .load()
                        .migrate();
            }
        } catch (RuntimeException e) {
            embedded.ifPresent(Database::stopQuietly);
            throw new IllegalStateException("cannot open the database: " + rootMessage(e), e);
        }
        return new Database(dataSource, embedded);
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
        embedded.ifPresent(Database::stopQuietly);
    }

    private static EmbeddedPostgres startEmbedded(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir.toAbsolutePath().resolve("postgres"))
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL under " + dataDir, e);
        }
    }

    private static void stopQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // Shutting down anyway; the data directory is intact.
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
