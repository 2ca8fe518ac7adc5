package dev.stripeoperator.operator.events;

/**
 * A Kubernetes Event to record on an endpoint: names and fingerprints only, never a secret's value.
 *
 * @param type {@code Normal} or {@code Warning}
 * @param reason one word in UpperCamelCase, what {@code kubectl describe} shows in its Reason column
 * @param message a sentence for people
 */
public record EndpointEvent(String type, String reason, String message) {

    /** The type of an Event about something working as intended. */
    public static final String NORMAL = "Normal";
    /** The type of an Event about something a person should look at. */
    public static final String WARNING = "Warning";

    static EndpointEvent normal(String reason, String message) {
        return new EndpointEvent(NORMAL, reason, message);
    }

    static EndpointEvent warning(String reason, String message) {
        return new EndpointEvent(WARNING, reason, message);
    }
}
