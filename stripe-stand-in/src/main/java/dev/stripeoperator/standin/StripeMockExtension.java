package dev.stripeoperator.standin;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link StripeMock} for a test class: started before its tests, its requests forgotten before each test, stopped
 * after them. Register it as a static {@code @RegisterExtension} field.
 */
public final class StripeMockExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private StripeMock stripeMock;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        stripeMock = StripeMock.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        stripeMock.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stripeMock.close();
    }

    /** The running stripe-mock. */
    public StripeMock get() {
        return stripeMock;
    }
}
