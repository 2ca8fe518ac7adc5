package dev.stripeoperator.receiver;

import dev.stripeoperator.receiver.reconcile.ReconcileCommand;
import dev.stripeoperator.receiver.reconcile.ReconcileSettings;
import dev.stripeoperator.receiver.store.Database;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

/**
 * Entry point of the receiver image: {@code serve} (default), {@code reconcile}, {@code replay}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        String command = args.length == 0 ? "serve" : args[0];
        try {
            ReceiverConfig config = ReceiverConfig.fromEnvironment(System.getenv());
            switch (command) {
                case "serve" -> serve(config);
                case "reconcile" -> System.exit(new ReconcileCommand(config,
                        ReconcileSettings.fromEnvironment(System.getenv()), java.time.Clock.systemUTC()).run());
                default -> fail(2, "unknown command '" + command + "'; use serve, reconcile or replay");
            }
        } catch (ConfigException e) {
            fail(2, "configuration error: " + e.getMessage());
        }
    }

    static void serve(ReceiverConfig config) {
        Database database = Database.open(config);
        WebServer server = WebServer.builder()
                .port(config.port())
                .routing(routing -> routing(routing, config, database))
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            database.close();
        }));
        System.out.println("receiver listening on port " + server.port());
    }

    /** The receiver's routes; tests build the same routing. */
    static void routing(HttpRouting.Builder routing, ReceiverConfig config, Database database) {
    }

    private static void fail(int exitCode, String message) {
        System.err.println("receiver: " + message);
        System.exit(exitCode);
    }
}
