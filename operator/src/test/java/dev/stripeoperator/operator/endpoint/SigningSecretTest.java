package dev.stripeoperator.operator.endpoint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rotation rules the operator checks itself, for resources stored before the CRD checked them. */
class SigningSecretTest {

    @Test
    void rotationsTheCrdAcceptsPass() {
        assertThatCode(() -> new SigningSecret(null, "24h", "720h").checkRotation())
                .doesNotThrowAnyException();
        assertThatCode(() -> new SigningSecret(null, "59m", "1h").checkRotation())
                .doesNotThrowAnyException();
        assertThatCode(() -> new SigningSecret(null, null, null).checkRotation())
                .doesNotThrowAnyException();
    }

    @Test
    void aRotationThatWouldLoopIsRefused() {
        assertThatThrownBy(() -> new SigningSecret(null, "0s", "0s").checkRotation())
                .hasMessageContaining("at least 1h");
        assertThatThrownBy(() -> new SigningSecret(null, "2h", "2h").checkRotation())
                .hasMessageContaining("rotationGracePeriod + 1m");
        assertThatThrownBy(() -> new SigningSecret(null, null, "23h").checkRotation())
                .as("the default grace is 24h")
                .hasMessageContaining("rotationGracePeriod + 1m");
    }

    @Test
    void durationsBeyondAYearOrBeyondWhatCanBeCountedAreRefused() {
        assertThatThrownBy(() -> new SigningSecret(null, "8761h", null).checkRotation())
                .hasMessageContaining("rotationGracePeriod must be at most 8760h");
        assertThatThrownBy(() -> new SigningSecret(null, "1h", "9000h").checkRotation())
                .hasMessageContaining("rotateEvery must be at most 8760h");
        assertThatThrownBy(() -> new SigningSecret(null, "99999999999999999999h", null).checkRotation())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
    }
}
