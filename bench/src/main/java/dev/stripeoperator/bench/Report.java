package dev.stripeoperator.bench;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The summary of one benchmark run as a Markdown table: our receiver against the reference, with ratios
 * and the targets of issue 2. With several rounds it compares the best round of each (highest closed-loop
 * rate: the one least disturbed by other work on the machine) and lists all of them.
 */
record Report(List<TargetResult> referenceRounds, List<TargetResult> oursRounds, String environment) {

    private static final Comparator<TargetResult> PEAK =
            Comparator.comparingDouble(r -> r.closedLoop().acceptedPerSecond());

    static final double TARGET_RATIO = 3.0;
    static final double TARGET_P99_MS = 25.0;

    String markdown() {
        TargetResult reference = Collections.max(referenceRounds, PEAK);
        TargetResult ours = Collections.max(oursRounds, PEAK);
        double ratio =
                ours.closedLoop().acceptedPerSecond() / reference.closedLoop().acceptedPerSecond();
        double oursP99 = ours.openLoop().latency().p99();
        StoreCheck oursCheck =
                StoreCheck.sum(oursRounds.stream().map(TargetResult::check).toList());
        long lost = oursCheck.lost();
        StringBuilder md = new StringBuilder();
        md.append("# `make bench`, ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append("\n\n");
        md.append(environment).append("\n\n");
        md.append(format(
                "Load: %,d distinct, correctly signed Stripe events (1.2 to 2 KB, fresh timestamps) after %,d warm-up events,"
                        + " %d in flight (closed loop); then a fixed rate of half of each receiver's own peak (open loop) for %d s"
                        + " of settling and %,.0f s measured, latency counted from when each request was due."
                        + " Both receivers get the same events.",
                ours.events(),
                ours.warmup().sent(),
                ours.concurrency(),
                ours.settleSeconds(),
                ours.openLoop().sent() / ours.openLoop().offeredPerSecond()));
        md.append("\n\n");
        md.append("| | reference (Node.js, Express, stripe, pg) | ours | ours / reference |\n");
        md.append("| --- | ---: | ---: | ---: |\n");
        row(
                md,
                "accepted/s, closed loop",
                format("%,.0f", reference.closedLoop().acceptedPerSecond()),
                format("%,.0f", ours.closedLoop().acceptedPerSecond()),
                format("**%.2fx**", ratio));
        row(
                md,
                "ack latency p50 / p99 / max, closed loop (ms)",
                latencies(reference.closedLoop()),
                latencies(ours.closedLoop()),
                "p99 "
                        + times(ours.closedLoop().latency().p99()
                                / reference.closedLoop().latency().p99()));
        row(md, "errors, closed loop", errors(reference.closedLoop()), errors(ours.closedLoop()), "");
        row(
                md,
                "open loop rate = half peak (events/s)",
                format("%,.0f", reference.openLoop().offeredPerSecond()),
                format("%,.0f", ours.openLoop().offeredPerSecond()),
                "");
        row(
                md,
                "ack latency p50 / p99 / max at half peak (ms)",
                latencies(reference.openLoop()),
                latencies(ours.openLoop()),
                "p99 " + times(oursP99 / reference.openLoop().latency().p99()));
        row(md, "errors, open loop", errors(reference.openLoop()), errors(ours.openLoop()), "");
        row(
                md,
                "acknowledged / in table / lost / duplicate rows (all rounds)",
                check(StoreCheck.sum(
                        referenceRounds.stream().map(TargetResult::check).toList())),
                check(oursCheck),
                "");
        row(
                md,
                "cores busy in closed loop: receiver / PostgreSQL / generator / others",
                cpu(reference.closedLoop().cpu()),
                cpu(ours.closedLoop().cpu()),
                "");
        row(md, "load average (1/5/15 min) before run", reference.loadBefore(), ours.loadBefore(), "");
        md.append("\n");
        if (referenceRounds.size() > 1 || oursRounds.size() > 1) {
            md.append("Best of ")
                    .append(referenceRounds.size())
                    .append(" rounds. Closed-loop accepted/s (cores busy with other work) per round:")
                    .append(" reference ")
                    .append(rounds(referenceRounds))
                    .append("; ours ")
                    .append(rounds(oursRounds))
                    .append(".\n\n");
        }
        md.append(format(
                "Targets (issue 2): accepted/s at least %.0fx the reference: %.2fx, %s. p99 at half peak under %.0f ms: %.2f ms, %s."
                        + " Zero acknowledged events lost: %d of %,d lost, %s.%n",
                TARGET_RATIO,
                ratio,
                verdict(ratio >= TARGET_RATIO),
                TARGET_P99_MS,
                oursP99,
                verdict(oursP99 < TARGET_P99_MS),
                lost,
                oursCheck.acked(),
                verdict(lost == 0 && oursCheck.duplicates() == 0 && oursCheck.acked() > 0)));
        return md.toString();
    }

    private static String rounds(List<TargetResult> rounds) {
        return rounds.stream()
                .map(r -> format(
                        "%,.0f (%.2f)",
                        r.closedLoop().acceptedPerSecond(), r.closedLoop().cpu().others()))
                .collect(Collectors.joining(", "));
    }

    private static void row(StringBuilder md, String label, String reference, String ours, String ratio) {
        md.append("| ")
                .append(label)
                .append(" | ")
                .append(reference)
                .append(" | ")
                .append(ours)
                .append(" | ")
                .append(ratio)
                .append(" |\n");
    }

    private static String latencies(PhaseResult phase) {
        if (phase.accepted() == 0) {
            return "none accepted";
        }
        return format(
                "%.1f / %.1f / %.0f",
                phase.latency().p50(), phase.latency().p99(), phase.latency().max());
    }

    private static String errors(PhaseResult phase) {
        Map<String, Long> errors = phase.errors();
        return errors.isEmpty()
                ? "0"
                : errors.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", "));
    }

    private static String check(StoreCheck check) {
        return format("%,d / %,d / %d / %d", check.acked(), check.ackedStored(), check.lost(), check.duplicates());
    }

    private static String cpu(CpuUsage cpu) {
        return format("%.2f / %.2f / %.2f / %.2f", cpu.receiver(), cpu.postgres(), cpu.generator(), cpu.others());
    }

    private static String times(double ratio) {
        return Double.isFinite(ratio) ? format("%.2fx", ratio) : "n/a";
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
