package dev.stripeoperator.receiver.store;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.stripeoperator.receiver.observe.LogLines;

/**
 * Brings the database up to date in the background while {@code serve} already answers: migrations are retried
 * with a doubling wait while PostgreSQL is unreachable, so an outage at start-up is a stretch of 503 answers and
 * an unready pod rather than a crash loop.
 */
public final class DatabaseStartup implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DatabaseStartup.class.getName());
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    private final Database database;
    private final Runnable onReady;
    private final Thread thread;
    private volatile boolean ready;
    private volatile boolean closed;

    private DatabaseStartup(Database database, Runnable onReady) {
        this.database = database;
        this.onReady = onReady;
        this.thread = Thread.ofPlatform().name("database-startup").daemon().unstarted(this::run);
    }

    /** Starts migrating; {@code onReady} runs once, on this helper's thread, after the schema is current. */
    public static DatabaseStartup start(Database database, Runnable onReady) {
        DatabaseStartup startup = new DatabaseStartup(database, onReady);
        startup.thread.start();
        return startup;
    }

    /** True once the schema is current and {@code onReady} has run. */
    public boolean ready() {
        return ready;
    }

    private void run() {
        Duration wait = FIRST_WAIT;
        while (!closed) {
            try {
                database.migrate();
                onReady.run();
                ready = true;
                LogLines.database(true, null, null).log(LOG, Level.INFO);
                return;
            } catch (RuntimeException e) {
                LogLines.database(false, wait, Database.rootMessage(e)).log(LOG, Level.WARNING);
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
        }
    }

    /** Stops trying; waits for a migration in progress to finish, so the pool is not closed under it. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
