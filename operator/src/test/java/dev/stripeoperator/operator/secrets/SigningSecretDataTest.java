package dev.stripeoperator.operator.secrets;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import dev.stripeoperator.contract.SigningKeys;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SigningSecretDataTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.750Z");

    @Test
    void theSecretDataRoundTripsAsTheReceiverReadsIt() {
        SigningKeys keys = new SigningKeys("whsec_b", "whsec_a", Instant.parse("2026-03-02T12:00:00Z"));

        Map<String, String> data = SigningSecretData.of(keys);

        assertThat(data).containsOnlyKeys("current", "previous", "previous-expires-at");
        assertThat(decode(data.get("previous-expires-at"))).isEqualTo("2026-03-02T12:00:00Z");
        assertThat(SigningSecretData.keys(new SecretBuilder().withData(data).build()))
                .isEqualTo(keys);
        assertThat(SigningSecretData.of(new SigningKeys("whsec_b", null, null))).containsOnlyKeys("current");
    }

    @Test
    void aGarbledExpiryEndsTheGraceInsteadOfKeepingTheOldSecretForever() {
        Map<String, String> data = Map.of(
                "current", encode("whsec_b"), "previous", encode("whsec_a"), "previous-expires-at", encode("tomorrow"));

        SigningKeys keys =
                SigningSecretData.keys(new SecretBuilder().withData(data).build());

        assertThat(keys.expiredAt(NOW)).isEqualTo(new SigningKeys("whsec_b", null, null));
    }

    @Test
    void aPreviousKeyWithoutAnExpiryIsNotKeptByTheOperator() {
        Map<String, String> data = Map.of("current", encode("whsec_b"), "previous", encode("whsec_a"));

        assertThat(SigningSecretData.keys(new SecretBuilder().withData(data).build()))
                .isEqualTo(new SigningKeys("whsec_b", null, null));
    }

    private static String encode(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
