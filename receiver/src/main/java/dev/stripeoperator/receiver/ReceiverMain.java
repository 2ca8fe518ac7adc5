package dev.stripeoperator.receiver;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.receiver.backfill.BackfillCommand;
import dev.stripeoperator.receiver.backfill.BackfillSettings;
import dev.stripeoperator.receiver.deadletters.ActionCommand;
import dev.stripeoperator.receiver.deadletters.ListCommand;
import dev.stripeoperator.receiver.forwarding.ForwardingConfig;
import dev.stripeoperator.receiver.observe.LogLines;
import dev.stripeoperator.receiver.store.Database;
import dev.stripeoperator.receiver.webhook.WebhookService;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.http.HttpRouting;

/**
 * Entry point of the receiver image: the {@link ReceiverCommand}s, {@code serve} by default.
 */
public final class ReceiverMain {

    /**
     * On SIGTERM, how long new deliveries are answered 503 (and readiness fails) before the listening socket closes.
     * In Kubernetes the pod's preStop pause has already let the Service stop routing here; this covers clients that
     * still had a connection.
     */
    private static final Duration SHUTDOWN_DRAIN = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(ReceiverMain.class.getName());

    private ReceiverMain() {}

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Optional<ReceiverCommand> command =
                args.length == 0 ? Optional.of(ReceiverCommand.SERVE) : ReceiverCommand.of(args[0]);
        if (command.isEmpty()) {
            fail(
                    2,
                    "unknown command '" + args[0] + "'; use one of "
                            + Arrays.stream(ReceiverCommand.values())
                                    .map(ReceiverCommand::word)
                                    .toList());
            return;
        }
        List<String> arguments = args.length == 0 ? List.of() : List.of(args).subList(1, args.length);
        Map<String, String> env = System.getenv();
        try {
            ReceiverConfig config = ReceiverConfig.fromEnvironment(env);
            // Before the command runs, so that its first line is in the format asked for.
            config.logFormat().apply();
            switch (command.get()) {
                case SERVE -> serve(config, ForwardingConfig.fromEnvironment(env));
                case RECONCILE ->
                    System.exit(new BackfillCommand(
                                    config, BackfillSettings.fromEnvironment(env), Clock.systemUTC(), System.out)
                            .run(arguments));
                case LIST ->
                    System.exit(new ListCommand(System.out, System.err, Database::openReadOnly).run(arguments, config));
                case REPLAY, DISCARD ->
                    System.exit(new ActionCommand(
                                    command.get(),
                                    System.out,
                                    System.err,
                                    Database::open,
                                    Database::openReadOnly,
                                    Clock.systemUTC(),
                                    System.getProperty("user.name"))
                            .run(arguments, config));
            }
        } catch (SettingException e) {
            fail(2, "configuration error: " + e.getMessage());
        } catch (IllegalStateException e) {
            fail(1, e.getMessage());
        }
    }

    static void serve(ReceiverConfig config, ForwardingConfig forwardingConfig) {
        Receiver receiver = Receiver.start(config, forwardingConfig);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> receiver.drainAndClose(SHUTDOWN_DRAIN), "receiver-shutdown"));
        LogLines.listening(receiver.port(), config.webhookPath()).log(LOG, Level.INFO);
    }

    /** The receiver's routes; {@link Receiver} and tests build the same routing. */
    public static void routing(HttpRouting.Builder routing, WebhookService webhook) {
        routing.register(webhook);
    }

    private static void fail(int exitCode, String message) {
        System.err.println("receiver: " + message);
        System.exit(exitCode);
    }
}
