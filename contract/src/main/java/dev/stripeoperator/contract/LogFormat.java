package dev.stripeoperator.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * How the operator and the receiver write their log lines ({@code LOG_FORMAT}, and the receiver's
 * {@link ReceiverSetting#LOG_FORMAT}): {@code text}, a {@link LogLine} in logfmt after the handler's time, level and
 * logger, or {@code json}, one JSON object per line with the same kind and keys ({@link JsonLogFormatter}).
 */
public enum LogFormat {
    /** The handler's own format: time, level, logger, then the logfmt line. */
    TEXT,
    /** One JSON object per line, for log pipelines that parse JSON. */
    JSON;

    /** The value as the setting spells it. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format the setting {@code name} names; {@link #TEXT} when it is unset.
     *
     * @throws SettingException when it names no format
     */
    public static LogFormat read(Settings settings, String name) {
        String word = settings.text(name, TEXT.word());
        return Arrays.stream(values())
                .filter(format -> format.word().equals(word))
                .findFirst()
                .orElseThrow(() -> SettingException.invalid(name, "text or json", word));
    }

    /**
     * Writes every line through the root logger's handlers in this format: JSON replaces their formatter, text keeps
     * the one they were configured with.
     */
    public void apply() {
        if (this == JSON) {
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                handler.setFormatter(new JsonLogFormatter());
            }
        }
    }
}
