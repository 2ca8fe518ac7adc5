package dev.stripeoperator.contract;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SigningSecretFilesTest {

    @ParameterizedTest
    @CsvSource({"2026-11-24T12:00:00.750Z, 2026-11-24T12:00:00Z", "2026-11-24T12:00:00Z, 2026-11-24T12:00:00Z"})
    void theOperatorWritesTheExpiryInWholeSecondsOfUtc(String instant, String written) {
        assertThat(SigningSecretFiles.formatExpiry(Instant.parse(instant))).isEqualTo(written);
    }

    @ParameterizedTest
    @CsvSource({"2026-11-24T12:00:00Z, 2026-11-24T12:00:00Z", "2026-11-24T13:00:00+01:00, 2026-11-24T12:00:00Z"})
    void theReceiverReadsAnyRfc3339Offset(String text, String instant) {
        assertThat(SigningSecretFiles.parseExpiry(text)).contains(Instant.parse(instant));
    }

    @Test
    void aHandWrittenFilesTrailingNewlineDoesNotMatter() {
        assertThat(SigningSecretFiles.parseExpiry("2026-11-24T12:00:00Z\n"))
                .contains(Instant.parse("2026-11-24T12:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomorrow", "", "2026-11-24", "2026-11-24T12:00:00", "1764000000"})
    void anExpiryThatIsNoRfc3339TimeIsNone(String text) {
        assertThat(SigningSecretFiles.parseExpiry(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T12:00:00Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z"})
    void whatTheOperatorWritesTheReceiverReads(String instant) {
        Instant expiry = Instant.parse(instant);

        assertThat(SigningSecretFiles.parseExpiry(SigningSecretFiles.formatExpiry(expiry)))
                .contains(expiry);
    }
}
