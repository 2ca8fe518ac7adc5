package dev.stripeoperator.bench;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.store.Database;
import dev.stripeoperator.receiver.store.EventTable;
import dev.stripeoperator.receiver.store.NewEvent;
import dev.stripeoperator.receiver.webhook.StripeEvent;

import static dev.stripeoperator.contract.ReceiverSetting.DATABASE_POOL_SIZE;
import static dev.stripeoperator.contract.ReceiverSetting.DATABASE_URL;

/**
 * The second half of the machine's ceiling: the receiver's production insert
 * ({@link EventTable#insertIsolating}) alone, no HTTP. The load's events, as the receiver would store them,
 * {@value #BATCH} rows per transaction from {@value #CONNECTIONS} connections at once, into a database that the
 * receiver's own migrations create, through the receiver's own pool settings.
 */
final class StoreCeiling {

    /** Rows per transaction: about what the receiver's group commit gathers at its peak. */
    static final int BATCH = 50;
    /** Transactions in flight: one per core, so that one's commit flush overlaps the other's work. */
    static final int CONNECTIONS = 2;

    private static final String ENDPOINT = "bench";

    /** Held here: java.util.logging keeps loggers weakly, and one collected would forget its level. */
    private static final List<Logger> CHATTY =
            List.of(Logger.getLogger("com.zaxxer.hikari"), Logger.getLogger("org.flywaydb"));

    private final BenchSettings settings;
    private final String jdbcUrl;
    private final long postgresPid;

    StoreCeiling(BenchSettings settings, String jdbcUrl, long postgresPid) {
        this.settings = settings;
        this.jdbcUrl = jdbcUrl;
        this.postgresPid = postgresPid;
    }

    CeilingResult run(int round) throws Exception {
        // The pool's and the migrations' progress lines say nothing about the measurement.
        CHATTY.forEach(logger -> logger.setLevel(Level.WARNING));
        ReceiverConfig config = ReceiverConfig.fromEnvironment(
                Map.of(DATABASE_URL.name(), jdbcUrl, DATABASE_POOL_SIZE.name(), Integer.toString(CONNECTIONS)));
        StripeEvents events = new StripeEvents(settings.runId());
        try (Database database = Database.open(config)) {
            EventTable table = new EventTable(database.dataSource());
            // Warm-up: JIT, the pool's connections and the server-side prepared statement.
            insertAll(table, batches(newEvents(events, 'v', settings.warmupEvents()), BATCH));
            List<List<NewEvent>> batches = batches(newEvents(events, 's', settings.events()), BATCH);
            System.gc();
            StoreCheck.checkpoint(jdbcUrl);
            CpuUsage.Sample before = CpuUsage.Sample.take(0, postgresPid);
            long start = System.nanoTime();
            Inserted inserted = insertAll(table, batches);
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuUsage cpu = before.until(CpuUsage.Sample.take(0, postgresPid));
            CeilingResult result = new CeilingResult(
                    round,
                    CeilingResult.STORE,
                    inserted.stored(),
                    seconds,
                    inserted.stored() / seconds,
                    inserted.refused() == 0 ? Map.of() : Map.of("refused", inserted.refused()),
                    cpu);
            System.out.printf(
                    "store-only store       %7d rows in %6.1f s: %8.0f rows/s in %d-row transactions on %d connections,"
                            + " refused %s; cores: postgres %.2f, generator %.2f, others %.2f%n",
                    result.count(),
                    result.seconds(),
                    result.perSecond(),
                    BATCH,
                    CONNECTIONS,
                    result.errors(),
                    cpu.postgres(),
                    cpu.generator(),
                    cpu.others());
            return result;
        }
    }

    /** The events of a phase as the receiver's webhook path would hand them to its store. */
    private static List<NewEvent> newEvents(StripeEvents events, char phase, int count) {
        long now = System.currentTimeMillis() / 1000;
        List<NewEvent> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String payload = events.body(phase, i, now);
            StripeEvent event = StripeEvent.parse(payload).orElseThrow();
            rows.add(new NewEvent(
                    ENDPOINT,
                    event.id(),
                    event.type(),
                    event.livemode(),
                    event.apiVersion().orElse(null),
                    event.created().orElseThrow(),
                    payload,
                    payload.getBytes(StandardCharsets.UTF_8),
                    NewEvent.Source.WEBHOOK,
                    NewEvent.Status.PENDING,
                    false,
                    event.thin()));
        }
        return rows;
    }

    /** Consecutive slices of at most {@code size}; the last one may be shorter. */
    static <T> List<List<T>> batches(List<T> items, int size) {
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            batches.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return batches;
    }

    private record Inserted(long stored, long refused) {}

    /** Each connection takes the next batch as soon as its last one committed. */
    private static Inserted insertAll(EventTable table, List<List<NewEvent>> batches)
            throws InterruptedException, SQLException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong stored = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<Future<Void>> writers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(CONNECTIONS)) {
            for (int c = 0; c < CONNECTIONS; c++) {
                writers.add(threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                        EventTable.Inserted result = table.insertIsolating(batches.get(i));
                        stored.addAndGet(result.stored().size());
                        refused.addAndGet(result.refused().size());
                    }
                    return null;
                }));
            }
            for (Future<Void> writer : writers) {
                writer.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("a writer failed", e.getCause());
        }
        return new Inserted(stored.get(), refused.get());
    }
}
