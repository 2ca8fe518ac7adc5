package dev.stripeoperator.receiver;

/** A setting is missing or malformed; the message names the setting and never its secret value. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
