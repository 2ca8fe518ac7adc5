package dev.stripeoperator.operator.secrets;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import io.fabric8.kubernetes.api.model.SecretBuilder;
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
    void theSecretDataRoundTripsAsTheReceiverReadsIt() {
        SigningKeys keys = new SigningKeys("whsec_b", "whsec_a", Instant.parse("2026-03-02T12:00:00Z"));

        Map<String, String> data = keys.toData();

        assertThat(data).containsOnlyKeys("current", "previous", "previous-expires-at");
        assertThat(decode(data.get("previous-expires-at"))).isEqualTo("2026-03-02T12:00:00Z");
        assertThat(SigningKeys.from(new SecretBuilder().withData(data).build())).isEqualTo(keys);
        assertThat(new SigningKeys("whsec_b", null, null).toData()).containsOnlyKeys("current");
    }

    @Test
    void aGarbledExpiryEndsTheGraceInsteadOfKeepingTheOldSecretForever() {
        Map<String, String> data = Map.of(
                "current", encode("whsec_b"), "previous", encode("whsec_a"), "previous-expires-at", encode("tomorrow"));

        SigningKeys keys = SigningKeys.from(new SecretBuilder().withData(data).build());

        assertThat(keys.expiredAt(NOW)).isEqualTo(new SigningKeys("whsec_b", null, null));
    }

    @Test
    void toStringNeverShowsTheValues() {
        assertThat(new SigningKeys("whsec_b", "whsec_a", NOW).toString()).doesNotContain("whsec_");
    }

    private static String encode(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
