package dev.stripeoperator.contract;

/**
 * A setting is missing, malformed or contradicts another; the message names the setting and says what it takes,
 * never a secret value. Both programs stop at start with it (exit 2).
 */
public class SettingException extends RuntimeException {

    /** A rule that spans settings; the message names each of them. */
    public SettingException(String message) {
        super(message);
    }

    /** {@code NAME must be <expected>, got '<value>'}: the one shape of an invalid value. */
    public static SettingException invalid(String name, String expected, String value) {
        return new SettingException(name + " must be " + expected + ", got '" + value + "'");
    }

    /** {@code NAME must be <expected>}, for a value that may carry a credential and is therefore not echoed. */
    public static SettingException invalidWithoutValue(String name, String expected) {
        return new SettingException(name + " must be " + expected);
    }
}
