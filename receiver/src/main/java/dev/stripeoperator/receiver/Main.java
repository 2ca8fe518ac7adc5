package dev.stripeoperator.receiver;

import dev.stripeoperator.receiver.webhook.WebhookService;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.http.HttpRouting;
import java.util.Map;

/**
 * Entry point of the receiver image: {@code serve} (default), {@code reconcile}, {@code replay}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        String command = args.length == 0 ? "serve" : args[0];
        Map<String, String> env = System.getenv();
        try {
            ReceiverConfig config = ReceiverConfig.fromEnvironment(env);
            switch (command) {
                case "serve" -> serve(config);
                default -> fail(2, "unknown command '" + command + "'; use serve, reconcile or replay");
            }
        } catch (ConfigException e) {
            fail(2, "configuration error: " + e.getMessage());
        } catch (IllegalStateException e) {
            fail(1, e.getMessage());
        }
    }

    static void serve(ReceiverConfig config) {
        Receiver receiver = Receiver.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(receiver::close, "receiver-shutdown"));
        System.out.println("receiver listening on port " + receiver.port() + ", webhook path " + config.webhookPath());
    }

    /** The receiver's routes; {@link Receiver} and tests build the same routing. */
    static void routing(HttpRouting.Builder routing, WebhookService webhook) {
        routing.register(webhook);
    }

    private static void fail(int exitCode, String message) {
        System.err.println("receiver: " + message);
        System.exit(exitCode);
    }
}
