package dev.stripeoperator.operator.endpoint;

import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.contract.Durations;
import dev.stripeoperator.contract.KubernetesApi;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Where the webhook signing secret comes from and how long a replaced one stays valid. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// A rotation within the grace of the last one would replace a Stripe endpoint before its predecessor is gone, in a
// loop.
@ValidationRule(
        value = "!has(self.rotateEvery) || (duration(self.rotateEvery) >= duration('" + SigningSecret.SHORTEST_ROTATION
                + "') && duration(self.rotateEvery) >= duration(has(self.rotationGracePeriod) ? self.rotationGracePeriod"
                + " : '24h') + duration('" + SigningSecret.ROTATION_MARGIN + "'))",
        message = SigningSecret.ROTATION_RULE)
@ValidationRule(
        value = "!has(self.rotationGracePeriod) || duration(self.rotationGracePeriod) <= " + Durations.LONGEST_CEL,
        fieldPath = ".rotationGracePeriod",
        message = "rotationGracePeriod " + Durations.WITHIN_LONGEST_MESSAGE)
@ValidationRule(
        value = "!has(self.rotateEvery) || duration(self.rotateEvery) <= " + Durations.LONGEST_CEL,
        fieldPath = ".rotateEvery",
        message = "rotateEvery " + Durations.WITHIN_LONGEST_MESSAGE)
public record SigningSecret(
        @JsonPropertyDescription(
                "The Secret key holding the current signing secret (whsec_...). Changing its value starts a rotation. Required unless spec.stripe.manage is true, where the operator stores Stripe's secret and ignores this.")
        SecretKeyRef secretRef,

        @Default("24h")
        @Pattern(Durations.PATTERN)
        @JsonPropertyDescription(
                "How long the replaced signing secret stays valid after a change, e.g. 24h, 90m. Default 24h. In managed mode, also how long the replaced Stripe endpoint keeps delivering before it is deleted.")
        String rotationGracePeriod,

        @Pattern(Durations.PATTERN)
        @JsonPropertyDescription(
                "Managed mode only: rotate the signing secret this often, e.g. 720h; at least 1h and at least rotationGracePeriod + 1m. A rotation registers a second Stripe endpoint for the same URL, accepts both secrets and deletes the old endpoint after rotationGracePeriod. Unset: never; the annotation "
                        + KubernetesApi.ROTATE_ANNOTATION + " rotates on demand.")
        String rotateEvery) {

    /** The shortest rotateEvery; a rotation sooner than that is asked for with the rotate annotation. */
    public static final String SHORTEST_ROTATION = "1h";
    /** How much longer than the grace period rotateEvery must be. */
    public static final String ROTATION_MARGIN = "1m";
    /** What the rule on rotateEvery says. */
    static final String ROTATION_RULE =
            "rotateEvery must be at least " + SHORTEST_ROTATION + ", and at least rotationGracePeriod + "
                    + ROTATION_MARGIN + " so that a rotation ends before the next begins";

    /** A signing secret from a user's Secret, with the given grace. */
    public SigningSecret(SecretKeyRef secretRef, String rotationGracePeriod) {
        this(secretRef, rotationGracePeriod, null);
    }

    /** How often a managed endpoint's secret is rotated, if at all. */
    public Optional<Duration> rotationInterval() {
        return Optional.ofNullable(rotateEvery).map(Durations::parse);
    }

    /** The grace period, 24h when unset. */
    public Duration gracePeriod() {
        return rotationGracePeriod == null ? Duration.ofHours(24) : Durations.parse(rotationGracePeriod);
    }

    /**
     * Checks what the CRD's rules check, for a resource stored before they existed.
     *
     * @throws IllegalArgumentException saying which rule the durations break
     */
    public void checkRotation() {
        Duration longest = Durations.parse(Durations.LONGEST);
        Duration grace = gracePeriod();
        if (grace.compareTo(longest) > 0) {
            throw new IllegalArgumentException("rotationGracePeriod " + Durations.WITHIN_LONGEST_MESSAGE);
        }
        Optional<Duration> every = rotationInterval();
        if (every.isPresent() && every.get().compareTo(longest) > 0) {
            throw new IllegalArgumentException("rotateEvery " + Durations.WITHIN_LONGEST_MESSAGE);
        }
        if (every.isPresent()
                && (every.get().compareTo(Durations.parse(SHORTEST_ROTATION)) < 0
                        || every.get().compareTo(grace.plus(Durations.parse(ROTATION_MARGIN))) < 0)) {
            throw new IllegalArgumentException(ROTATION_RULE);
        }
    }
}
