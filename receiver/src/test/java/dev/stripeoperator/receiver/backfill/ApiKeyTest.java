package dev.stripeoperator.receiver.backfill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.stripeoperator.receiver.ReceiverConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyTest {

    @TempDir
    Path tmp;

    @Test
    void theMountedFileWinsOverTheVariableAndIsTrimmed() throws Exception {
        Path file = Files.writeString(tmp.resolve("key"), "  rk_live_fromFile\n");

        ApiKey key = ApiKey.resolve(ReceiverConfig.fromEnvironment(
                Map.of("STRIPE_API_KEY_FILE", file.toString(), "STRIPE_API_KEY", "rk_live_fromEnv")));

        assertThat(key.value()).isEqualTo("rk_live_fromFile");
    }

    @Test
    void theVariableIsUsedWithoutAFile() throws Exception {
        assertThat(ApiKey.resolve(ReceiverConfig.fromEnvironment(Map.of("STRIPE_API_KEY", "sk_test_x")))
                        .value())
                .isEqualTo("sk_test_x");
    }

    @Test
    void anEmptyOrUnreadableFileIsAConfigurationErrorNotAFallback() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty"), "\n");

        assertThatThrownBy(() -> ApiKey.resolve(ReceiverConfig.fromEnvironment(
                        Map.of("STRIPE_API_KEY_FILE", empty.toString(), "STRIPE_API_KEY", "sk_test_x"))))
                .isInstanceOf(BackfillException.class)
                .hasMessage("STRIPE_API_KEY_FILE " + empty + " is empty")
                .extracting(e -> ((BackfillException) e).exitCode())
                .isEqualTo(BackfillException.MISCONFIGURED);
        assertThatThrownBy(() -> ApiKey.resolve(ReceiverConfig.fromEnvironment(
                        Map.of("STRIPE_API_KEY_FILE", tmp.resolve("absent").toString()))))
                .isInstanceOf(BackfillException.class)
                .hasMessageStartingWith("cannot read STRIPE_API_KEY_FILE");
    }

    @Test
    void itsTextIsAFingerprintNeverTheKey() {
        ApiKey key = new ApiKey("sk_live_verysecret");

        assertThat(key.toString()).matches("sha256:[0-9a-f]{8}").doesNotContain("secret");
        assertThat(key.fingerprint())
                .isEqualTo(new ApiKey("sk_live_verysecret").fingerprint())
                .isNotEqualTo(new ApiKey("sk_live_other").fingerprint());
    }
}
