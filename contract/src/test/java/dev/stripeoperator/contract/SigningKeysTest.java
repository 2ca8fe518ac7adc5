package dev.stripeoperator.contract;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SigningKeysTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.750Z");
    private static final Duration GRACE = Duration.ofHours(24);

    @Test
    void theFirstValueBecomesCurrentWithoutAPrevious() {
        SigningKeys keys = SigningKeys.NONE.rotatedTo("whsec_a", NOW, GRACE);

        assertThat(keys).isEqualTo(new SigningKeys("whsec_a", null, null));
        assertThat(keys.nextExpiry()).isEmpty();
    }

    @Test
    void aNewValueKeepsTheOldOneForTheGraceFromNowToTheSecond() {
        SigningKeys keys = new SigningKeys("whsec_a", null, null).rotatedTo("whsec_b", NOW, GRACE);

        assertThat(keys).isEqualTo(new SigningKeys("whsec_b", "whsec_a", Instant.parse("2026-03-02T12:00:00Z")));
        assertThat(keys.nextExpiry()).contains(Instant.parse("2026-03-02T12:00:00Z"));
    }

    @Test
    void anUnchangedValueChangesNothing() {
        SigningKeys rotating = new SigningKeys("whsec_b", "whsec_a", Instant.parse("2026-03-02T00:00:00Z"));

        assertThat(rotating.rotatedTo("whsec_b", NOW, GRACE)).isEqualTo(rotating);
        assertThat(rotating.rotatedTo(null, NOW, GRACE)).isEqualTo(rotating);
    }

    @Test
    void aSecondChangeWithinTheGraceKeepsOnlyTheLatestPrevious() {
        SigningKeys keys = new SigningKeys("whsec_b", "whsec_a", Instant.parse("2026-03-02T00:00:00Z"))
                .rotatedTo("whsec_c", NOW, GRACE);

        assertThat(keys).isEqualTo(new SigningKeys("whsec_c", "whsec_b", Instant.parse("2026-03-02T12:00:00Z")));
    }

    @Test
    void thePreviousValueIsDroppedAtItsExpiryAndNotBefore() {
        Instant expiry = Instant.parse("2026-03-02T00:00:00Z");
        SigningKeys rotating = new SigningKeys("whsec_b", "whsec_a", expiry);

        assertThat(rotating.expiredAt(expiry.minusMillis(1))).isEqualTo(rotating);
        assertThat(rotating.expiredAt(expiry)).isEqualTo(new SigningKeys("whsec_b", null, null));
    }

    @Test
    void aDeliveryMaySignWithThePreviousKeyOnlyBeforeItsExpiry() {
        Instant expiry = Instant.parse("2026-03-02T00:00:00Z");
        SigningKeys rotating = new SigningKeys("whsec_b", "whsec_a", expiry);

        assertThat(rotating.acceptedAt(expiry.minusSeconds(1))).containsExactly("whsec_b", "whsec_a");
        assertThat(rotating.acceptedAt(expiry)).containsExactly("whsec_b");
        assertThat(SigningKeys.NONE.acceptedAt(expiry)).isEmpty();
    }

    @Test
    void aPreviousKeyWithoutAnExpiryIsAcceptedUntilItIsRemoved() {
        SigningKeys configured = new SigningKeys("whsec_b", "whsec_a", null);

        assertThat(configured.acceptedAt(Instant.MAX)).containsExactly("whsec_b", "whsec_a");
        assertThat(configured.expiredAt(Instant.MAX)).isEqualTo(configured);
        assertThat(configured.describe()).endsWith("previous-expires-at=never");
    }

    @Test
    void anExpiryWithoutAPreviousKeyIsNone() {
        assertThat(new SigningKeys("whsec_b", null, NOW)).isEqualTo(new SigningKeys("whsec_b", null, null));
    }

    @Test
    void toStringNeverShowsTheValues() {
        assertThat(new SigningKeys("whsec_b", "whsec_a", NOW).toString()).doesNotContain("whsec_");
    }
}
