package dev.stripeoperator.operator;

import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import dev.stripeoperator.contract.LogFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LOG_LEVEL reaches the project's loggers only: the libraries that print Secrets at DEBUG and TRACE stay at INFO. The
 * tests' logging.properties sets fabric8's and JOSDK's loggers to WARNING, so the libraries here are ones it leaves
 * alone; {@link TraceLoggingIT} runs the operator's own process at TRACE, fabric8 included.
 */
class OperatorLoggingTest {

    private static final Logger ROOT = LogManager.getLogManager().getLogger("");
    /** stripe-java's HTTP client, which logs request headers (the API key) at FINE. */
    private static final String HTTP_URL_CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
    /** A library logger that no configuration names, logging through SLF4J as fabric8 and JOSDK do. */
    private static final org.slf4j.Logger LIBRARY = LoggerFactory.getLogger("org.example.library.HttpClient");

    private Level rootBefore;
    private Level projectBefore;
    private Level[] handlersBefore;

    @BeforeEach
    void rememberLevels() {
        rootBefore = ROOT.getLevel();
        projectBefore = Logger.getLogger(OperatorLogging.PROJECT_LOGGERS).getLevel();
        handlersBefore =
                Arrays.stream(ROOT.getHandlers()).map(Handler::getLevel).toArray(Level[]::new);
    }

    @AfterEach
    void restoreLevels() {
        ROOT.setLevel(rootBefore);
        Logger.getLogger(OperatorLogging.PROJECT_LOGGERS).setLevel(projectBefore);
        for (int i = 0; i < handlersBefore.length; i++) {
            ROOT.getHandlers()[i].setLevel(handlersBefore[i]);
        }
    }

    @Test
    void atTraceTheOperatorsLoggersTraceAndTheLibrariesStayAtInfo() {
        OperatorLogging.apply(Level.FINEST, LogFormat.TEXT);

        assertThat(Logger.getLogger(StripeWebhookEndpointReconciler.class.getName())
                        .isLoggable(Level.FINEST))
                .isTrue();
        assertThat(Logger.getLogger("dev.stripeoperator.contract.LogLine").isLoggable(Level.FINEST))
                .isTrue();
        assertThat(ROOT.getHandlers()).allSatisfy(h -> assertThat(h.getLevel()).isEqualTo(Level.FINEST));
        assertThat(Logger.getLogger(HTTP_URL_CONNECTION).isLoggable(Level.FINE))
                .as("HttpURLConnection logs request headers, Authorization included, at FINE")
                .isFalse();
        assertThat(LIBRARY.isTraceEnabled()).isFalse();
        assertThat(LIBRARY.isDebugEnabled()).isFalse();
        assertThat(LIBRARY.isInfoEnabled())
                .as("the libraries keep their INFO lines")
                .isTrue();
    }

    @Test
    void atDebugTheLibrariesStayAtInfoToo() {
        OperatorLogging.apply(Level.FINE, LogFormat.TEXT);

        assertThat(Logger.getLogger("dev.stripeoperator.operator.events.EventRecorder")
                        .isLoggable(Level.FINE))
                .isTrue();
        assertThat(LIBRARY.isDebugEnabled()).isFalse();
        assertThat(LIBRARY.isInfoEnabled()).isTrue();
    }

    @Test
    void aQuieterLevelQuietsTheLibrariesAsWell() {
        OperatorLogging.apply(Level.WARNING, LogFormat.TEXT);

        assertThat(Logger.getLogger(StripeWebhookEndpointReconciler.class.getName())
                        .isLoggable(Level.INFO))
                .isFalse();
        assertThat(LIBRARY.isInfoEnabled()).isFalse();
        assertThat(LIBRARY.isWarnEnabled()).isTrue();

        OperatorLogging.apply(Level.OFF, LogFormat.TEXT);

        assertThat(LIBRARY.isErrorEnabled()).isFalse();
        assertThat(Logger.getLogger(StripeWebhookEndpointReconciler.class.getName())
                        .isLoggable(Level.SEVERE))
                .isFalse();
    }
}
