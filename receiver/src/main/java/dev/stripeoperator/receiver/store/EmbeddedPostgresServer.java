package dev.stripeoperator.receiver.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server run by the receiver itself under {@code DATA_DIR}, for local use only ({@code make run}, the
 * demo). Its library is not packaged with the receiver, so production jars and images cannot start one.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    private static final String LIBRARY_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Whether the embedded PostgreSQL library is on the class path (local builds only). */
    static boolean available() {
        try {
            Class.forName(LIBRARY_CLASS, false, EmbeddedPostgresServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Starts the server on the data kept under {@code dataDir} (created when missing). */
    static EmbeddedPostgresServer start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return new EmbeddedPostgresServer(EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir.toAbsolutePath().resolve("postgres"))
                    .setCleanDataDirectory(false)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL under " + dataDir, e);
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // Shutting down anyway; the data directory is intact.
        }
    }
}
