package dev.stripeoperator.localcluster;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link LocalCluster}: one per test run, started on first use under {@code target/local-cluster}
 * of the module and stopped when the run ends. Test classes share it and keep apart by namespace. The system
 * properties {@code local-cluster.kwok-nodes} (default 2) and {@code local-cluster.real-node} ({@code true}: a real
 * node beside them) shape it.
 */
public final class LocalClusterExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context);
    }

    /** The run's cluster, started on first use; for other extensions that build on it. */
    public static LocalCluster cluster(ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(LocalClusterExtension.class))
                .getOrComputeIfAbsent(Running.class, key -> new Running(start()), Running.class)
                .cluster();
    }

    private static LocalCluster start() {
        Path module = Path.of("").toAbsolutePath();
        return LocalCluster.start(
                LocalCluster.repositoryRoot(module),
                module.resolve("target/local-cluster"),
                Integer.getInteger("local-cluster.kwok-nodes", 2),
                Boolean.getBoolean("local-cluster.real-node"),
                java.util.Map.of(),
                System.err::println);
    }

    /** Closes the cluster when JUnit closes the root store, at the end of the run. */
    private record Running(LocalCluster cluster) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            cluster.close();
        }
    }
}
