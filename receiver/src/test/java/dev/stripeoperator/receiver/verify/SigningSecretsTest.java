package dev.stripeoperator.receiver.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.contract.Fingerprint;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.contract.SigningKeys;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.testing.SecretVolume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningSecretsTest {

    @TempDir
    Path dir;

    @Test
    void startingWithoutAnySecretIsAConfigurationError() {
        ReceiverConfig config = ReceiverConfig.fromEnvironment(Map.of());

        assertThatThrownBy(() -> SigningSecrets.open(config))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("no signing secret");
    }

    @Test
    void environmentSecretsAreCurrentAndPreviousWithoutExpiry() {
        try (SigningSecrets secrets = SigningSecrets.open(ReceiverConfig.fromEnvironment(
                Map.of("STRIPE_WEBHOOK_SECRET", "whsec_new", "STRIPE_WEBHOOK_SECRET_PREVIOUS", "whsec_old")))) {

            assertThat(secrets.current().acceptedAt(Instant.now())).containsExactly("whsec_new", "whsec_old");
        }
    }

    @Test
    void directoryAndEnvironmentTogetherAreRefused() {
        ReceiverConfig config = ReceiverConfig.fromEnvironment(
                Map.of("SIGNING_SECRETS_DIR", dir.toString(), "STRIPE_WEBHOOK_SECRET", "whsec_x"));

        assertThatThrownBy(() -> SigningSecrets.open(config))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("not both");
    }

    @Test
    void directoryWithoutCurrentIsAConfigurationErrorThatNamesNoSecret() throws Exception {
        Files.writeString(dir.resolve("previous"), "whsec_secret_value");
        ReceiverConfig config = ReceiverConfig.fromEnvironment(Map.of("SIGNING_SECRETS_DIR", dir.toString()));

        assertThatThrownBy(() -> SigningSecrets.open(config))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("current")
                .hasMessageNotContaining("whsec_secret_value");
    }

    @Test
    void kubernetesVolumeIsReadThroughItsDataLinkWithTrailingNewlinesStripped() throws Exception {
        SecretVolume volume = new SecretVolume(dir);
        volume.publish(Map.of(
                "current",
                "whsec_new\n",
                "previous",
                "whsec_old\n",
                "previous-expires-at",
                "2026-11-24T13:00:00+01:00\n"));

        SigningKeys read = SigningSecrets.readDirectory(dir).secrets();

        assertThat(read).isEqualTo(new SigningKeys("whsec_new", "whsec_old", Instant.parse("2026-11-24T12:00:00Z")));
    }

    @Test
    void unparsableExpiryRefusesThePreviousSecretAndSaysWhyWithoutItsValue() throws Exception {
        new SecretVolume(dir)
                .publish(Map.of("current", "whsec_new", "previous", "whsec_old", "previous-expires-at", "tomorrow"));

        SigningSecrets.Reading read = SigningSecrets.readDirectory(dir);

        assertThat(read.secrets().acceptedAt(Instant.now())).isEqualTo(List.of("whsec_new"));
        assertThat(read.problem())
                .get()
                .asString()
                .contains("previous-expires-at", "tomorrow", Fingerprint.of("whsec_old"))
                .doesNotContain("whsec_old");
    }

    @Test
    void describeShowsFingerprintsNeverValues() {
        SigningKeys set = new SigningKeys("whsec_new", "whsec_old", null);

        assertThat(set.describe())
                .contains(Fingerprint.of("whsec_new"), Fingerprint.of("whsec_old"))
                .doesNotContain("whsec_new", "whsec_old");
        assertThat(Fingerprint.of("whsec_new")).matches("sha256:[0-9a-f]{8}");
    }
}
