package dev.stripeoperator.receiver.verify;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.testing.SecretVolume;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureVerifierTest {

    private static final String SECRET = "whsec_current_0123456789";
    private static final String PAYLOAD = TestEvents.event("evt_1", "invoice.paid");

    private final SignatureVerifier verifier =
            verifier(Map.of("STRIPE_WEBHOOK_SECRET", SECRET), Clock.systemUTC(), 300);

    @Test
    void headerSignedWithTheCurrentSecretPasses() {
        assertThatCode(() -> verifier.verify(PAYLOAD, Optional.of(StripeSigner.sign(PAYLOAD, SECRET))))
                .doesNotThrowAnyException();
    }

    @Test
    void headerSignedWithAnotherSecretMatchesNothing() {
        assertFails(PAYLOAD, StripeSigner.sign(PAYLOAD, "whsec_someone_else"), SignatureFailure.NO_MATCHING_SIGNATURE);
    }

    @Test
    void tamperedBodyMatchesNothing() {
        String header = StripeSigner.sign(PAYLOAD, SECRET);

        assertFails(PAYLOAD.replace("4200", "1"), header, SignatureFailure.NO_MATCHING_SIGNATURE);
    }

    @Test
    void timestampOlderThanTheToleranceIsStale() {
        String header = StripeSigner.sign(PAYLOAD, Instant.now().minusSeconds(301), SECRET);

        assertFails(PAYLOAD, header, SignatureFailure.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @Test
    void toleranceSettingIsApplied() {
        SignatureVerifier strict = verifier(Map.of("STRIPE_WEBHOOK_SECRET", SECRET), Clock.systemUTC(), 10);
        String header = StripeSigner.sign(PAYLOAD, Instant.now().minusSeconds(60), SECRET);

        assertThatThrownBy(() -> strict.verify(PAYLOAD, Optional.of(header)))
                .isInstanceOfSatisfying(
                        InvalidSignatureException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.failure())
                                .isEqualTo(SignatureFailure.TIMESTAMP_OUTSIDE_TOLERANCE));
    }

    @Test
    void missingOrBlankHeaderIsMissing() {
        assertFails(PAYLOAD, null, SignatureFailure.MISSING_HEADER);
        assertFails(PAYLOAD, " ", SignatureFailure.MISSING_HEADER);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "garbage",
                "t=notanumber,v1=abc",
                "v1=abc",
                "t=1700000000",
                "t=1700000000,v0=abc",
                "t",
                "t=1700000000,v1",
                ",,,"
            })
    void garbledHeaderIsMalformed(String header) {
        assertFails(PAYLOAD, header, SignatureFailure.MALFORMED_HEADER);
    }

    @Test
    void headerWithSeveralSignaturesPassesWhenAnyOneMatches() {
        String header = StripeSigner.sign(PAYLOAD, Instant.now(), "whsec_rolled_away", SECRET, "whsec_other");

        assertThatCode(() -> verifier.verify(PAYLOAD, Optional.of(header))).doesNotThrowAnyException();
    }

    @Test
    void previousSecretPassesBeforeItsExpiryAndNotAfter(@TempDir Path dir) {
        Instant expiry = Instant.now().plusSeconds(3600);
        new SecretVolume(dir)
                .publish(Map.of(
                        "current", SECRET, "previous", "whsec_previous", "previous-expires-at", expiry.toString()));
        Map<String, String> env = Map.of("SIGNING_SECRETS_DIR", dir.toString());
        SignatureVerifier before = verifier(env, Clock.fixed(expiry.minusSeconds(1), ZoneOffset.UTC), 0);
        SignatureVerifier after = verifier(env, Clock.fixed(expiry.plusSeconds(1), ZoneOffset.UTC), 0);
        String header = StripeSigner.sign(PAYLOAD, expiry, "whsec_previous");

        assertThatCode(() -> before.verify(PAYLOAD, Optional.of(header))).doesNotThrowAnyException();
        assertThatThrownBy(() -> after.verify(PAYLOAD, Optional.of(header)))
                .isInstanceOfSatisfying(
                        InvalidSignatureException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.failure())
                                .isEqualTo(SignatureFailure.NO_MATCHING_SIGNATURE));
    }

    private void assertFails(String payload, String header, SignatureFailure expected) {
        assertThatThrownBy(() -> verifier.verify(payload, Optional.ofNullable(header)))
                .isInstanceOfSatisfying(
                        InvalidSignatureException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.failure())
                                .isEqualTo(expected))
                .hasMessageNotContaining(SECRET);
    }

    private static SignatureVerifier verifier(Map<String, String> env, Clock clock, long tolerance) {
        return new SignatureVerifier(SigningSecrets.open(ReceiverConfig.fromEnvironment(env)), tolerance, clock);
    }
}
