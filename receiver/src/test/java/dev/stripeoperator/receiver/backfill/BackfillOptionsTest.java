package dev.stripeoperator.receiver.backfill;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackfillOptionsTest {

    @Test
    void noArgumentIsTheScheduledRun() throws Exception {
        assertThat(BackfillOptions.parse(List.of()))
                .isEqualTo(new BackfillOptions(false, Optional.empty(), Optional.empty()));
    }

    @Test
    void theTimesOfARestoreAreRfc3339WithAnyOffset() throws Exception {
        BackfillOptions options = BackfillOptions.parse(List.of(
                "--since", "2026-12-06T09:00:00Z", "--dry-run", "--forwarded-before", "2026-12-06T10:15:00+01:00"));

        assertThat(options.dryRun()).isTrue();
        assertThat(options.since()).contains(Instant.parse("2026-12-06T09:00:00Z"));
        assertThat(options.forwardedBefore()).contains(Instant.parse("2026-12-06T09:15:00Z"));
    }

    @Test
    void aTimeWithoutAnOffsetOrValueOrGivenTwiceIsRefusedAsMisconfiguration() {
        assertRefused(List.of("--since", "2026-12-06T09:00:00"), "RFC 3339 time with an offset");
        assertRefused(List.of("--since", "yesterday"), "got 'yesterday'");
        assertRefused(List.of("--forwarded-before"), "--forwarded-before needs a time");
        assertRefused(
                List.of("--since", "2026-12-06T09:00:00Z", "--since", "2026-12-06T08:00:00Z"),
                "--since may be given once");
        assertRefused(List.of("--until", "2026-12-06T09:00:00Z"), "unknown argument '--until'");
    }

    private static void assertRefused(List<String> args, String reason) {
        assertThatThrownBy(() -> BackfillOptions.parse(args))
                .isInstanceOfSatisfying(
                        BackfillException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(BackfillException.MISCONFIGURED))
                .hasMessageContaining(reason);
    }
}
