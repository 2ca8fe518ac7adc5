package dev.stripeoperator.operator.secrets;

import java.util.Optional;

import dev.stripeoperator.operator.endpoint.ConditionReason;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;

/**
 * The value of a referenced Secret key, or why there is none.
 *
 * @param ref the reference from the spec
 * @param value the decoded value; null when missing or empty
 * @param reason why the value is unusable: a reason of SecretsReady; null when usable
 * @param message a sentence naming the Secret and key, never the value
 * @param secretVersion the uid and resourceVersion of the Secret the value was read from ({@code <uid>/<resourceVersion>}):
 *     it changes whenever the Secret does and tells nothing of its content; null when unusable
 */
public record SecretValue(
        SecretKeyRef ref, String value, ConditionReason reason, String message, String secretVersion) {

    /** A usable value, read from the Secret of that version. */
    public static SecretValue found(SecretKeyRef ref, String value, String secretVersion) {
        return new SecretValue(ref, value, null, null, secretVersion);
    }

    /** An unusable reference. */
    public static SecretValue problem(SecretKeyRef ref, ConditionReason reason, String message) {
        return new SecretValue(ref, null, reason, message, null);
    }

    /** The value, when usable. */
    public Optional<String> present() {
        return Optional.ofNullable(value);
    }

    @Override
    public String toString() {
        return "SecretValue[" + ref.describe() + (value == null ? ", " + reason : ", present") + "]";
    }
}
