package dev.stripeoperator.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {

    @Test
    void isWhatTheRotationRunbookComputesWithSha256sum() {
        // printf %s whsec_test_secret | sha256sum | cut -c1-8
        assertThat(Fingerprint.of("whsec_test_secret")).isEqualTo("sha256:7a200eb8");
    }

    @Test
    void tellsValuesApartWithoutShowingThem() {
        assertThat(Fingerprint.of("whsec_one"))
                .matches("sha256:[0-9a-f]{8}")
                .isNotEqualTo(Fingerprint.of("whsec_two"))
                .doesNotContain("whsec");
    }
}
