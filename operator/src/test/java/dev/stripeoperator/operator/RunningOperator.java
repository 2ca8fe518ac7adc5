package dev.stripeoperator.operator;

import java.time.Instant;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link OperatorEnvironment} for one test class, on a clock that starts at the given instant: started before its
 * tests, stopped after them. Register it as a static {@code @RegisterExtension} field.
 */
final class RunningOperator implements BeforeAllCallback, AfterAllCallback {

    private final Instant start;
    private OperatorEnvironment env;

    RunningOperator(Instant start) {
        this.start = start;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        env = OperatorEnvironment.start(new MutableClock(start));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        env.close();
    }

    /** A client of the API server the operator runs against. */
    KubernetesClient client() {
        return env.client;
    }
}
