package dev.stripeoperator.bench;

import java.time.Clock;

import dev.stripeoperator.receiver.EventFilter;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.ReceiverMain;
import dev.stripeoperator.receiver.observe.DeliveryLog;
import dev.stripeoperator.receiver.observe.ReceiverMetrics;
import dev.stripeoperator.receiver.verify.SignatureVerifier;
import dev.stripeoperator.receiver.verify.SigningSecrets;
import dev.stripeoperator.receiver.webhook.BodyReader;
import dev.stripeoperator.receiver.webhook.RequestDeadlines;
import dev.stripeoperator.receiver.webhook.WebhookService;
import io.helidon.logging.common.LogConfig;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;

/**
 * The first half of the machine's ceiling: our receiver's webhook path with nothing stored. The receiver's own
 * classes, assembled as {@code Receiver} assembles them (Helidon's HTTP/1.1 server under the request deadlines,
 * {@link WebhookService} with its body reader, stripe-java verification, envelope read, filter, metrics and delivery
 * log line), but with a store that acknowledges every event at once. Run as its own process, like the receiver, with
 * the receiver's settings ({@code PORT}, {@code STRIPE_WEBHOOK_SECRET}, {@code ENDPOINT_NAME}); it runs until killed.
 */
public final class HttpCeilingServer {

    private HttpCeilingServer() {}

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        ReceiverConfig config = ReceiverConfig.fromEnvironment(System.getenv());
        config.logFormat().apply();
        ReceiverMetrics metrics = new ReceiverMetrics(Metrics.createMeterRegistry());
        RequestDeadlines deadlines = new RequestDeadlines(config.requestReadTimeout(), metrics::requestReadTimedOut);
        WebhookService webhook = new WebhookService(
                config.webhookPath(),
                config.endpointName(),
                config.maxBodyBytes(),
                new SignatureVerifier(
                        SigningSecrets.open(config), config.signatureToleranceSeconds(), Clock.systemUTC()),
                EventFilter.of(config),
                event -> true,
                metrics,
                new DeliveryLog(config.endpointName()),
                // The benchmark's events are small: they never draw on the budget for large bodies.
                new BodyReader(config.bodyReadTimeout(), config.maxBodyBytes() + 1),
                () -> false);
        WebServer server = WebServer.builder()
                .port(config.port())
                .featuresDiscoverServices(false)
                .maxTcpConnections(config.maxConnections())
                .protocolsDiscoverServices(false)
                .addConnectionSelector(deadlines.http1())
                .routing(routing -> ReceiverMain.routing(routing, webhook))
                .build()
                .start();
        if (!server.isRunning()) {
            System.err.println("http-ceiling: cannot listen on port " + config.port() + " (see the log above)");
            System.exit(1);
        }
        System.err.println("http-ceiling: listening on port " + server.port() + ", nothing is stored");
    }
}
