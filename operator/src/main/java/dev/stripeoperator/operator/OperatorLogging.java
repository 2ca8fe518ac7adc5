package dev.stripeoperator.operator;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import dev.stripeoperator.contract.LogFormat;

/**
 * {@code LOG_LEVEL} and {@code LOG_FORMAT} applied to java.util.logging, where every line of the operator ends: the
 * level is the project's own loggers' ({@value #PROJECT_LOGGERS}); the libraries' loggers never go below INFO.
 */
final class OperatorLogging {

    /** The parent of the operator's and the contract's loggers, the ones {@code LOG_LEVEL} sets. */
    static final String PROJECT_LOGGERS = "dev.stripeoperator";

    /**
     * The most a library logs. Below it they print what passes through them: fabric8's HTTP client every request and
     * response body at TRACE (the Secrets the operator reads and writes, signing secrets and API keys with them), the
     * JDK's HttpURLConnection, which stripe-java calls, the request headers at FINE (the Stripe API key with them).
     */
    static final Level LIBRARIES_AT_MOST = Level.INFO;

    // Held here: java.util.logging holds loggers weakly, and a collected one would forget the level set on it.
    private static final Logger PROJECT = Logger.getLogger(PROJECT_LOGGERS);

    private OperatorLogging() {}

    /** Sets the project's loggers to {@code level}, the others to it or INFO, whichever logs less, and the format. */
    static void apply(Level level, LogFormat format) {
        Logger root = LogManager.getLogManager().getLogger("");
        root.setLevel(level.intValue() > LIBRARIES_AT_MOST.intValue() ? level : LIBRARIES_AT_MOST);
        PROJECT.setLevel(level);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(level);
        }
        format.apply();
    }
}
