package dev.stripeoperator.operator.endpoint;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.stripeoperator.contract.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Where the webhook signing secret comes from and how long a replaced one stays valid. */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
                "Managed mode only: rotate the signing secret this often, e.g. 720h. A rotation registers a second Stripe endpoint for the same URL, accepts both secrets and deletes the old endpoint after rotationGracePeriod. Unset: never.")
        String rotateEvery) {

    /** A signing secret from a user's Secret, with the given grace. */
    public SigningSecret(SecretKeyRef secretRef, String rotationGracePeriod) {
        this(secretRef, rotationGracePeriod, null);
    }

    /** How often a managed endpoint's secret is rotated, if at all. */
    public java.util.Optional<Duration> rotationInterval() {
        return java.util.Optional.ofNullable(rotateEvery).map(Durations::parse);
    }

    /** The grace period, 24h when unset. */
    public Duration gracePeriod() {
        return rotationGracePeriod == null ? Duration.ofHours(24) : Durations.parse(rotationGracePeriod);
    }
}
