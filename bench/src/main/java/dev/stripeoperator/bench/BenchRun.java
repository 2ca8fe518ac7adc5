package dev.stripeoperator.bench;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The load on one receiver: warm-up, closed loop at the configured concurrency, open loop at half the
 * peak it measured, then the check of the table.
 */
final class BenchRun {

    private final BenchSettings settings;
    private final Target target;
    private final int round;

    BenchRun(BenchSettings settings, Target target, int round) {
        this.settings = settings;
        this.target = target;
        this.round = round;
    }

    TargetResult run() throws Exception {
        String startedAt = Instant.now().toString();
        String loadBefore = ProcessCpu.loadAverage();
        StripeEvents events = new StripeEvents(settings.runId());
        List<String> acked = new ArrayList<>();
        try (WebhookClient client = new WebhookClient(target.url(), settings.timeout(), settings.secret())) {
            ClosedLoop closedLoop = new ClosedLoop(client, events, target.receiverPid(), target.postgresPid());
            StoreCheck.checkpoint(target.jdbcUrl());
            PhaseResult warmup = report(
                    target.name(),
                    closedLoop.run("warm-up", 'w', settings.warmupEvents(), settings.concurrency(), acked));
            StoreCheck.checkpoint(target.jdbcUrl());
            PhaseResult peak = report(
                    target.name(),
                    closedLoop.run("closed loop", 'c', settings.events(), settings.concurrency(), acked));
            double halfPeak = Math.max(1, peak.acceptedPerSecond() / 2);
            PhaseResult open = report(
                    target.name(),
                    new OpenLoop(client, events, target)
                            .run("open loop", 'o', halfPeak, settings.openLoopSettle(), settings.openLoop(), acked));
            StoreCheck check = StoreCheck.verify(target, acked);
            System.out.printf(
                    "%-10s check: %d acknowledged, %d of them in the table, %d lost, %d duplicate rows, %d rows in all%n",
                    target.name(), check.acked(), check.ackedStored(), check.lost(), check.duplicates(), check.rows());
            return new TargetResult(
                    target.name(),
                    round,
                    startedAt,
                    loadBefore,
                    ProcessCpu.loadAverage(),
                    settings.events(),
                    settings.concurrency(),
                    settings.openLoopSettle().toSeconds(),
                    warmup,
                    peak,
                    open,
                    check);
        }
    }

    /** Prints one line per phase as it ends, so that a long run shows progress and a disturbed phase stands out. */
    static PhaseResult report(String name, PhaseResult phase) {
        System.out.printf(
                "%s %-10s %-12s %7d sent %7d accepted in %6.1f s: %8.0f accepted/s, p50 %6.2f ms, p99 %7.2f ms,"
                        + " max %7.1f ms, send lag max %.1f ms, errors %s; cores: receiver %.2f, postgres %.2f, generator %.2f, others %.2f%n",
                LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS),
                name,
                phase.phase(),
                phase.sent(),
                phase.accepted(),
                phase.seconds(),
                phase.acceptedPerSecond(),
                phase.latency().p50(),
                phase.latency().p99(),
                phase.latency().max(),
                phase.maxSendLagMs(),
                phase.errors(),
                phase.cpu().receiver(),
                phase.cpu().postgres(),
                phase.cpu().generator(),
                phase.cpu().others());
        phase.errorSamples().forEach((kind, sample) -> System.out.printf("%-10s   e.g. %s: %s%n", name, kind, sample));
        return phase;
    }
}
