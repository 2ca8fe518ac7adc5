package dev.stripeoperator.receiver;

import dev.stripeoperator.receiver.delivery.Delivery;
import dev.stripeoperator.receiver.delivery.DeliveryConfig;
import dev.stripeoperator.receiver.observe.DatabaseHealthCheck;
import dev.stripeoperator.receiver.observe.DeliveryLog;
import dev.stripeoperator.receiver.observe.ReceiverMetrics;
import dev.stripeoperator.receiver.store.Database;
import dev.stripeoperator.receiver.store.EventStore;
import dev.stripeoperator.receiver.store.GroupCommit;
import dev.stripeoperator.receiver.verify.SignatureVerifier;
import dev.stripeoperator.receiver.verify.SigningSecrets;
import dev.stripeoperator.receiver.webhook.WebhookService;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.time.Clock;
import java.time.Duration;

/** A running {@code serve}: signing secrets, database, group commit, delivery and the HTTP server, closed in reverse order. */
public final class Receiver implements AutoCloseable {

    /**
     * One writer: while it commits, the deliveries that arrive meanwhile queue up for its next batch. Measured
     * with {@code make bench} on 2 cores, a second writer halved the rows per commit and cost the receiver
     * and PostgreSQL about a third more CPU per event (docs/bench.md).
     */
    private static final int COMMIT_WRITERS = 1;
    private static final int MAX_BATCH = 256;
    private static final int MAX_QUEUED = 8192;
    /** Stripe gives up on a delivery after about 20 s; answering 503 well before lets it retry cleanly. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final SigningSecrets secrets;
    private final Database database;
    private final GroupCommit groupCommit;
    private final Delivery delivery;
    private final ReceiverMetrics metrics;
    private final WebServer server;

    private Receiver(SigningSecrets secrets, Database database, GroupCommit groupCommit, Delivery delivery,
                     ReceiverMetrics metrics, WebServer server) {
        this.secrets = secrets;
        this.database = database;
        this.groupCommit = groupCommit;
        this.delivery = delivery;
        this.metrics = metrics;
        this.server = server;
    }

    /**
     * Starts the receiver the settings describe.
     *
     * @throws ConfigException for missing or malformed settings (including signing secrets)
     * @throws IllegalStateException when the database cannot be opened or migrated, or the port is unavailable
     */
    public static Receiver start(ReceiverConfig config, DeliveryConfig deliveryConfig) {
        deliveryConfig.checkedAgainst(config);
        SigningSecrets secrets = SigningSecrets.open(config);
        Database database;
        try {
            database = Database.open(config);
        } catch (RuntimeException e) {
            secrets.close();
            throw e;
        }
        MeterRegistry registry = Metrics.createMeterRegistry();
        ReceiverMetrics metrics = new ReceiverMetrics(registry);
        metrics.watchPool(database.pool());
        Delivery delivery = Delivery.start(config, deliveryConfig, database.dataSource(), registry);
        GroupCommit groupCommit = new GroupCommit(new EventStore(database.dataSource()), COMMIT_WRITERS, MAX_BATCH,
                MAX_QUEUED, size -> {
                    metrics.batchCommitted(size);
                    delivery.eventsStored();
                });
        metrics.watchQueue(groupCommit::queued);
        WebhookService webhook = new WebhookService(config.webhookPath(), config.endpointName(), config.maxBodyBytes(),
                new SignatureVerifier(secrets, config.signatureToleranceSeconds(), Clock.systemUTC()),
                EventFilter.of(config), groupCommit, ACK_TIMEOUT, metrics, new DeliveryLog(config.endpointName()));
        WebServer server;
        try {
            server = WebServer.builder()
                    .port(config.port())
                    .shutdownHook(false)
                    .featuresDiscoverServices(false)
                    .addFeature(ObserveFeature.just(
                            HealthObserver.builder()
                                    .useSystemServices(false)
                                    .details(true)
                                    .addCheck(new DatabaseHealthCheck(database.dataSource()))
                                    .build(),
                            MetricsObserver.builder().meterRegistry(registry).build()))
                    .routing(routing -> Main.routing(routing, webhook))
                    .build()
                    .start();
            if (!server.isRunning()) {
                // Helidon logs the cause (port in use, say) and returns a stopped server instead of throwing.
                throw new IllegalStateException("cannot listen on port " + config.port() + " (see the log above)");
            }
        } catch (RuntimeException e) {
            groupCommit.close();
            delivery.close();
            metrics.close();
            database.close();
            secrets.close();
            throw e;
        }
        return new Receiver(secrets, database, groupCommit, delivery, metrics, server);
    }

    /** The port the server listens on (useful with {@code PORT=0}). */
    public int port() {
        return server.port();
    }

    /** The database the receiver stores into. */
    public Database database() {
        return database;
    }

    /**
     * Stops taking requests, commits what is queued, lets deliveries in flight finish, then releases the
     * database and the secret watcher.
     */
    @Override
    public void close() {
        server.stop();
        groupCommit.close();
        delivery.close();
        metrics.close();
        database.close();
        secrets.close();
    }
}
