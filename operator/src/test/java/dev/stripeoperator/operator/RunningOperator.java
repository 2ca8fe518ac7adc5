package dev.stripeoperator.operator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.localcluster.LocalClusterExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link OperatorEnvironment} for one test class on the run's local cluster, with its own namespaces and a clock
 * that starts at the given instant: started before its tests, stopped after them. Register it as a static
 * {@code @RegisterExtension} field.
 */
final class RunningOperator implements BeforeAllCallback, AfterAllCallback {

    private final String prefix;
    private final int namespaces;
    private final MutableClock clock;
    private final Map<String, String> settings;
    private OperatorEnvironment env;

    /** {@code namespaces} namespaces named {@code prefix-1…} for the class's tests. */
    RunningOperator(String prefix, int namespaces, Instant start) {
        this(prefix, namespaces, new MutableClock(start), Map.of());
    }

    /** The same, with the operator's clock and extra settings given. */
    RunningOperator(String prefix, int namespaces, MutableClock clock, Map<String, String> settings) {
        this.prefix = prefix;
        this.namespaces = namespaces;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        env = OperatorEnvironment.start(
                LocalClusterExtension.cluster(context), prefix, namespaces, clock, settings, List.of());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        env.close();
    }

    /** A client of the API server the operator runs against. */
    KubernetesClient client() {
        return env.client;
    }

    /** Reads of endpoints and their children. */
    EndpointReads reads() {
        return env.reads;
    }

    /** The next namespace no test of the class has used. */
    String namespace() {
        return env.namespace();
    }

    /** The environment, for the cluster's audit log of the operator's requests. */
    OperatorEnvironment environment() {
        return env;
    }
}
