package dev.stripeoperator.e2e;

import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.localcluster.RealNode;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests, once per test run, the images built and loaded into the local cluster's real node, the services its pods
 * use ({@link NodeServices}), and the chart installed in cluster mode (every namespace) with leader election and
 * monitoring, its operator running as a pod; the test classes share them in the order their {@code @Order} gives and
 * keep apart by namespace.
 */
final class InstalledChartExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == InstalledChart.class
                || type == NodeServices.class
                || type == RealNode.class
                || type == BuiltImages.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Installed installed = context.getRoot()
                .getStore(ExtensionContext.Namespace.create(InstalledChartExtension.class))
                .getOrComputeIfAbsent(
                        Installed.class, key -> install(LocalClusterExtension.cluster(context)), Installed.class);
        Class<?> type = parameter.getParameter().getType();
        if (type == NodeServices.class) {
            return installed.services();
        } else if (type == BuiltImages.class) {
            return installed.images();
        }
        return type == RealNode.class ? installed.node() : installed.chart();
    }

    private static Installed install(LocalCluster cluster) {
        RealNode node = cluster.realNode()
                .orElseThrow(() -> new IllegalStateException(
                        "the end-to-end tests run on a real node: start the local cluster with one"
                                + " (-Dlocal-cluster.real-node=true, as e2e/pom.xml does)"));
        BuiltImages images = BuiltImages.of(cluster.buildAndLoadImages(System.err::println));
        NodeServices services = NodeServices.start(node);
        try {
            InstalledChart chart = InstalledChart.install(
                    cluster,
                    // The images are the chart's defaults, as make images tagged and the node loaded them.
                    // As in production with several replicas: the chart's Lease and its RBAC are used for real.
                    "leaderElection.enabled=true",
                    // A chart-wide pod default, which must reach the receiver pods through the operator.
                    "receiver.pod.labels.team=platform",
                    // The Stripe API the operator and its backfill pods use: the stand-in the pods reach.
                    "stripe.apiBase=" + services.stripe().baseUrl(),
                    // Monitoring on: the real CRDs check what the chart creates, and tests compare the PodMonitor
                    // with the receiver pods the operator makes.
                    "metrics.serviceMonitor.enabled=true",
                    "monitoring.podMonitor.enabled=true",
                    "monitoring.prometheusRule.enabled=true",
                    "monitoring.dashboard.enabled=true");
            return new Installed(node, images, services, chart);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    private record Installed(RealNode node, BuiltImages images, NodeServices services, InstalledChart chart)
            implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            services.close();
        }
    }
}
