package dev.stripeoperator.operator;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.stripeoperator.contract.LogKey;
import dev.stripeoperator.contract.LogLine;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.status.EndpointMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Starts the operator with configuration from the environment and the usual fabric8 client configuration. */
public final class OperatorMain {

    private static final Logger LOG = Logger.getLogger(OperatorMain.class.getName());

    private OperatorMain() {}

    /** Runs until the process is stopped. */
    public static void main(String[] args) throws IOException {
        OperatorConfig config;
        try {
            config = OperatorConfig.fromEnvironment(System.getenv(), version());
        } catch (SettingException e) {
            System.err.println("stripe-webhook-operator: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        OperatorLogging.apply(config.logLevel(), config.logFormat());

        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);

        KubernetesClient client = new KubernetesClientBuilder().build();
        EndpointMetrics endpointMetrics = new EndpointMetrics(meters);
        Operator operator = StripeWebhookOperator.create(client, config, Clock.systemUTC(), meters, endpointMetrics);
        // A standby replica (leader election) starts no informers, yet must count as ready so that rollouts proceed.
        HealthServer health = HealthServer.start(
                config.healthPort(),
                () -> operator.getRuntimeInfo().isStarted()
                        && (config.leaderElection() || operator.getRuntimeInfo().allEventSourcesAreHealthy()),
                meters,
                endpointMetrics);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            operator.stop();
                            health.close();
                            client.close();
                        },
                        "shutdown"));
        operator.start();
        startedLine(version(), config, health.port()).log(LOG, Level.INFO);
    }

    /** The line the operator logs once it runs. */
    static LogLine startedLine(String version, OperatorConfig config, int healthPort) {
        return LogLine.of("operator")
                .with(LogKey.OUTCOME, "started")
                .with(LogKey.VERSION, version)
                .with(
                        LogKey.NAMESPACES,
                        config.watchesAllNamespaces()
                                ? "all"
                                : String.join(
                                        ",",
                                        config.watchNamespaces().stream()
                                                .sorted()
                                                .toList()))
                .with(LogKey.LEADER_ELECTION, config.leaderElection())
                .with(LogKey.PORT, healthPort);
    }

    /** The operator's version, the default receiver image tag. */
    public static String version() {
        try (InputStream in = OperatorMain.class.getResourceAsStream("/operator-version.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("operator-version.properties is missing from the jar", e);
        }
    }
}
