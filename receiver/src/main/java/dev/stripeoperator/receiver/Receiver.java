package dev.stripeoperator.receiver;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.receiver.forwarding.BackgroundWork;
import dev.stripeoperator.receiver.forwarding.ForwardingConfig;
import dev.stripeoperator.receiver.forwarding.ForwardingOptions;
import dev.stripeoperator.receiver.observe.DatabaseHealthCheck;
import dev.stripeoperator.receiver.observe.DeliveryLog;
import dev.stripeoperator.receiver.observe.ProgressHealthCheck;
import dev.stripeoperator.receiver.observe.ReceiverMetrics;
import dev.stripeoperator.receiver.store.Database;
import dev.stripeoperator.receiver.store.DatabaseStartup;
import dev.stripeoperator.receiver.store.EventTable;
import dev.stripeoperator.receiver.store.GroupCommit;
import dev.stripeoperator.receiver.verify.SignatureVerifier;
import dev.stripeoperator.receiver.verify.SigningSecrets;
import dev.stripeoperator.receiver.webhook.BodyReader;
import dev.stripeoperator.receiver.webhook.RequestDeadlines;
import dev.stripeoperator.receiver.webhook.WebhookService;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/**
 * A running {@code serve}: signing secrets, database, group commit, background work and the HTTP server, closed in
 * reverse order. It answers at once; while the database is not reachable yet it answers 503 and is not ready.
 */
public final class Receiver implements AutoCloseable {

    private static final int MAX_BATCH = 256;
    private static final int MAX_QUEUED = 8192;
    /** Bytes of bodies waiting for a commit: rows alone would let 8192 bodies of 1 MiB take 8 GiB. */
    private static final long MAX_QUEUED_BYTES = 64L * 1024 * 1024;
    /** Bytes that bodies larger than a small one may hold while they arrive, together. */
    private static final long LARGE_BODY_BUDGET = 32L * 1024 * 1024;
    /** Stripe gives up on a delivery after about 20 s; answering 503 well before lets it retry cleanly. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Work waiting this long on one writer means it is stuck: every database wait it makes is bounded well below
     * (pool 2 s, statement 10 s, socket 15 s), so liveness fails and Kubernetes restarts the pod.
     */
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);
    /** On shutdown, requests in flight may finish: their commit (at most the ack timeout) and answer. */
    private static final Duration SHUTDOWN_GRACE = ACK_TIMEOUT.plusSeconds(5);

    private final WebServer server;
    private final Database database;
    private final Draining draining;
    private final OpenResources resources;

    private Receiver(WebServer server, Database database, Draining draining, OpenResources resources) {
        this.server = server;
        this.database = database;
        this.draining = draining;
        this.resources = resources;
    }

    /** Set once shutdown begins: readiness fails so that the Service stops routing here. */
    private static final class Draining {
        private volatile boolean on;
    }

    /**
     * Starts the receiver the settings describe. The database is migrated in the background, retried with backoff
     * while it cannot be reached; until then deliveries get 503 and readiness fails.
     *
     * @throws SettingException for missing or malformed settings (including signing secrets and the database URL)
     * @throws IllegalStateException when the port is unavailable
     */
    public static Receiver start(ReceiverConfig config, ForwardingConfig forwardingConfig) {
        forwardingConfig.checkFitsPool(config.databasePoolSize());
        OpenResources resources = new OpenResources();
        try {
            return start(config, forwardingConfig, resources);
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
    }

    // Each part is opened after those it needs and its close added at once, so that a failure closes exactly what is
    // open.
    private static Receiver start(ReceiverConfig config, ForwardingConfig forwardingConfig, OpenResources resources) {
        SigningSecrets secrets = SigningSecrets.open(config);
        resources.add(secrets::close);
        ForwardingOptions forwardingOptions = ForwardingOptions.open(config, forwardingConfig);
        // Closed by the forwarding when it started; closing again is harmless, and needed when it never started.
        resources.add(forwardingOptions::close);
        Database database = Database.connect(config);
        resources.add(database::close);
        MeterRegistry registry = Metrics.createMeterRegistry();
        ReceiverMetrics metrics = new ReceiverMetrics(registry);
        resources.add(metrics::close);
        metrics.watchPool(database.pool());
        AtomicReference<BackgroundWork> backgroundWork = new AtomicReference<>();
        resources.add(() -> closeBackgroundWork(backgroundWork));
        RequestDeadlines deadlines = new RequestDeadlines(config.requestReadTimeout(), metrics::requestReadTimedOut);
        resources.add(deadlines::close);
        BodyReader bodies =
                new BodyReader(config.bodyReadTimeout(), Math.max(LARGE_BODY_BUDGET, config.maxBodyBytes() + 1));
        resources.add(bodies::close);
        DatabaseStartup startup = DatabaseStartup.start(
                database,
                () -> backgroundWork.set(BackgroundWork.start(
                        config, forwardingConfig, forwardingOptions, database.dataSource(), registry)));
        GroupCommit groupCommit = new GroupCommit(
                new EventTable(database.dataSource()),
                new GroupCommit.Limits(MAX_BATCH, MAX_QUEUED, Math.max(MAX_QUEUED_BYTES, 2 * config.maxBodyBytes())),
                startup::ready,
                size -> {
                    metrics.batchCommitted(size);
                    BackgroundWork started = backgroundWork.get();
                    if (started != null) {
                        started.eventsStored();
                    }
                });
        resources.add(groupCommit::close);
        // The startup stops before the group commit closes, so that it starts no forwarding while the queue drains.
        resources.add(startup::close);
        metrics.watchQueue(groupCommit::queued);
        Draining draining = new Draining();
        WebhookService webhook = new WebhookService(
                config.webhookPath(),
                config.endpointName(),
                config.maxBodyBytes(),
                new SignatureVerifier(secrets, config.signatureToleranceSeconds(), Clock.systemUTC()),
                EventFilter.of(config),
                event -> groupCommit.store(event, ACK_TIMEOUT),
                metrics,
                new DeliveryLog(config.endpointName()),
                bodies,
                () -> draining.on);
        WebServer server = WebServer.builder()
                .port(config.port())
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                .maxTcpConnections(config.maxConnections())
                // HTTP/1.1 only, through the selector that puts every connection under its request deadline.
                .protocolsDiscoverServices(false)
                .addConnectionSelector(deadlines.http1())
                .shutdownGracePeriod(SHUTDOWN_GRACE)
                .addFeature(ObserveFeature.builder()
                        .endpoint(ReceiverImage.OBSERVE_PATH)
                        .addObserver(HealthObserver.builder()
                                .useSystemServices(false)
                                .details(true)
                                .addCheck(new DatabaseHealthCheck(
                                        database.dataSource(), startup::ready, () -> draining.on))
                                .addCheck(new ProgressHealthCheck(
                                        STALL_LIMIT,
                                        Map.of("event-writer", groupCommit::stalledFor, "forwarding-outcomes", () -> {
                                            BackgroundWork started = backgroundWork.get();
                                            return started == null ? Duration.ZERO : started.stalledFor();
                                        })))
                                .build())
                        .addObserver(MetricsObserver.builder()
                                .meterRegistry(registry)
                                .build())
                        .build())
                .routing(routing -> ReceiverMain.routing(routing, webhook))
                .build()
                .start();
        if (!server.isRunning()) {
            // Helidon logs the cause (port in use, say) and returns a stopped server instead of throwing.
            throw new IllegalStateException("cannot listen on port " + config.port() + " (see the log above)");
        }
        resources.add(server::stop);
        return new Receiver(server, database, draining, resources);
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
     * Shuts down as on SIGTERM: first, for {@code drain}, readiness fails and new deliveries get 503 with
     * {@code Connection: close} (Stripe retries them elsewhere) while those in flight finish; then {@link #close()}.
     * Clients that were answered stop sending here before the listening socket closes, so none finds its
     * connection reset.
     */
    public void drainAndClose(Duration drain) {
        draining.on = true;
        try {
            Thread.sleep(drain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /**
     * Stops taking connections and lets requests in flight finish (each still answered after its commit), commits
     * what is queued, lets deliveries in flight finish, then releases the database and the secret watcher.
     */
    @Override
    public void close() {
        draining.on = true;
        resources.close();
    }

    private static void closeBackgroundWork(AtomicReference<BackgroundWork> backgroundWork) {
        BackgroundWork started = backgroundWork.getAndSet(null);
        if (started != null) {
            started.close();
        }
    }
}
