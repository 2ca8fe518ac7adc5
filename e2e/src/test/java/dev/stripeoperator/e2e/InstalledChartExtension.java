package dev.stripeoperator.e2e;

import java.nio.file.Path;

import dev.stripeoperator.localcluster.LocalClusterExtension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the chart installed in cluster mode (every namespace) with leader election and monitoring, its operator
 * running, once per test run; the test classes share it in the order their {@code @Order} gives and keep apart by
 * namespace.
 */
final class InstalledChartExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == InstalledChart.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(InstalledChartExtension.class))
                .getOrComputeIfAbsent(
                        Installed.class,
                        key -> new Installed(InstalledChart.install(
                                LocalClusterExtension.cluster(context),
                                Path.of("target/e2e"),
                                "image.repository=registry.example/stripe/operator",
                                "receiver.image.repository=registry.example/stripe/receiver",
                                // The operator's container shares this machine's network: a free port rather than 8081.
                                "healthPort=" + freePort(),
                                // As in production with several replicas: the chart's Lease and its RBAC are used for
                                // real.
                                "leaderElection.enabled=true",
                                // A chart-wide pod default, which must reach the receiver pods through the operator.
                                "receiver.pod.labels.team=platform",
                                // Monitoring on: the real CRDs check what the chart creates, and tests compare the
                                // PodMonitor
                                // with the receiver pods the operator makes.
                                "metrics.serviceMonitor.enabled=true",
                                "monitoring.podMonitor.enabled=true",
                                "monitoring.prometheusRule.enabled=true",
                                "monitoring.dashboard.enabled=true")),
                        Installed.class)
                .chart();
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Installed(InstalledChart chart) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            chart.close();
        }
    }
}
