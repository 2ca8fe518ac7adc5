package dev.stripeoperator.receiver.forwarding;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.standardwebhooks.Webhook;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.receiver.testing.SecretVolume;
import dev.stripeoperator.receiver.verify.SigningSecrets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardingSignerTest {

    private static final String KEY = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String OTHER_KEY = "whsec_dGhpcyBpcyBhbm90aGVyIGtleSBvZiAzMiBieXRlcyE=";
    private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"note\":\"Caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);

    private static ForwardingConfig config(Map<String, String> env) {
        return ForwardingConfig.fromEnvironment(env);
    }

    @Test
    void signsWithTheLibrarySoThatItVerifiesAtTheSameTime() throws Exception {
        ForwardingSigner signer = ForwardingSigner.open(
                        config(Map.of("FORWARDING_SIGNING_KEY", KEY)), Clock.fixed(NOW, ZoneOffset.UTC))
                .orElseThrow();

        Map<String, String> headers = signer.headers("evt_1", BODY);

        assertThat(headers).containsEntry("webhook-id", "evt_1").containsEntry("webhook-timestamp", "1796029200");
        assertThat(headers.get("webhook-signature"))
                .isEqualTo(
                        new Webhook(KEY).sign("evt_1", NOW.getEpochSecond(), new String(BODY, StandardCharsets.UTF_8)));
    }

    @Test
    void duringARotationEachKeySignsAndExpiredPreviousKeysDoNot() throws Exception {
        SecretVolume volume = new SecretVolume(Files.createTempDirectory("forwarding-keys"));
        volume.publish(Map.of("current", KEY, "previous", OTHER_KEY, "previous-expires-at", "2026-11-30T10:00:00Z"));
        try (SigningSecrets keys =
                SigningSecrets.watch(ForwardingSigner.KIND, volume.root(), "FORWARDING_SIGNING_KEYS_DIR")) {
            String during = new ForwardingSigner(keys, Clock.fixed(NOW, ZoneOffset.UTC))
                    .headers("evt_1", BODY)
                    .get("webhook-signature");
            String after = new ForwardingSigner(keys, Clock.fixed(NOW.plusSeconds(7200), ZoneOffset.UTC))
                    .headers("evt_1", BODY)
                    .get("webhook-signature");

            assertThat(during.split(" "))
                    .containsExactly(
                            new Webhook(KEY)
                                    .sign("evt_1", NOW.getEpochSecond(), new String(BODY, StandardCharsets.UTF_8)),
                            new Webhook(OTHER_KEY)
                                    .sign("evt_1", NOW.getEpochSecond(), new String(BODY, StandardCharsets.UTF_8)));
            assertThat(after).doesNotContain(" ").startsWith("v1,");
        }
    }

    @Test
    void noKeyMeansUnsigned() {
        assertThat(ForwardingSigner.open(config(Map.of()), Clock.systemUTC())).isEqualTo(Optional.empty());
    }

    @Test
    void bothSourcesAreASettingError() throws Exception {
        Path dir = Files.createTempDirectory("forwarding-keys");

        assertThatThrownBy(() -> ForwardingSigner.open(
                        config(Map.of("FORWARDING_SIGNING_KEY", KEY, "FORWARDING_SIGNING_KEYS_DIR", dir.toString())),
                        Clock.systemUTC()))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("not both");
    }

    @Test
    void aKeyThatIsNotBase64IsASettingErrorNamedByFingerprintOnly() {
        assertThatThrownBy(() -> ForwardingSigner.open(
                        config(Map.of("FORWARDING_SIGNING_KEY", "whsec_not base64!")), Clock.systemUTC()))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("sha256:")
                .hasMessageNotContaining("not base64!");
    }

    @Test
    void aBrokenKeyPublishedLaterFailsTheAttemptInsteadOfSendingItUnsigned() throws Exception {
        SecretVolume volume = new SecretVolume(Files.createTempDirectory("forwarding-keys"));
        volume.publish(Map.of("current", "whsec_%%%"));
        try (SigningSecrets keys =
                SigningSecrets.watch(ForwardingSigner.KIND, volume.root(), "FORWARDING_SIGNING_KEYS_DIR")) {
            ForwardingSigner signer = new ForwardingSigner(keys, Clock.systemUTC());

            assertThatThrownBy(() -> signer.headers("evt_1", BODY))
                    .isInstanceOf(ForwardingSigner.InvalidKeyException.class)
                    .hasMessageNotContaining("%%%");
        }
    }

    @Test
    void theSinkIsNotCalledWithoutItsSignature() throws Exception {
        SecretVolume volume = new SecretVolume(Files.createTempDirectory("forwarding-keys"));
        volume.publish(Map.of("current", "whsec_%%%"));
        try (TestSink sink = TestSink.start(request -> TestSink.SinkAnswer.status(200));
                SigningSecrets keys =
                        SigningSecrets.watch(ForwardingSigner.KIND, volume.root(), "FORWARDING_SIGNING_KEYS_DIR");
                SinkClient client = new SinkClient(
                        sink.uri(),
                        java.time.Duration.ofSeconds(2),
                        Clock.systemUTC(),
                        new ForwardingOptions(
                                Optional.of(new ForwardingSigner(keys, Clock.systemUTC())),
                                Optional.empty(),
                                Optional.empty()))) {

            SinkResult result = client.send(new ClaimedEvent(
                    "evt_1", "invoice.paid", NOW, BODY, 1, java.util.UUID.randomUUID(), Optional.empty()));

            assertThat(result).isInstanceOf(SinkResult.Retry.class);
            assertThat(sink.received()).isEqualTo(List.of());
        }
    }
}
