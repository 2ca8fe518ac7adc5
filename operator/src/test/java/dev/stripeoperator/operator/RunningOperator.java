package dev.stripeoperator.operator;

import java.time.Instant;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link OperatorEnvironment} for one test class, registered as
 * {@code @RegisterExtension static final RunningOperator OPERATOR = new RunningOperator();}; it starts before the
 * class's own {@code @BeforeAll} methods.
 */
final class RunningOperator implements BeforeAllCallback, AfterAllCallback {

    private OperatorEnvironment environment;

    @Override
    public void beforeAll(ExtensionContext context) {
        environment = OperatorEnvironment.start(new MutableClock(Instant.parse("2026-03-01T12:00:00Z")));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        environment.close();
    }

    /** A client of the API server the operator runs against. */
    KubernetesClient client() {
        return environment.client;
    }

    /** The environment, for its API server's request log. */
    OperatorEnvironment environment() {
        return environment;
    }
}
