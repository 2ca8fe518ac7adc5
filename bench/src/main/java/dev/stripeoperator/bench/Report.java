package dev.stripeoperator.bench;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The summary of one benchmark run in Markdown: our receiver against the reference, as the medians over the rounds
 * with their spread, the machine's ceiling measured in the same run, every round with the load it started on, and
 * the targets of issue 23. A run that went on although the machine was busy says so first.
 */
record Report(
        List<TargetResult> referenceResults,
        List<TargetResult> oursResults,
        List<CeilingResult> ceilingResults,
        List<LoadCheck> loadChecks,
        String environment) {

    static final double TARGET_RATIO = 4.5;
    static final int TARGET_ROUNDS = 5;
    static final double TARGET_CEILING_SHARE = 0.60;
    static final double TARGET_P99_MS = 25.0;

    String markdown() {
        ReceiverRounds reference = new ReceiverRounds(referenceResults);
        ReceiverRounds ours = new ReceiverRounds(oursResults);
        Ceiling ceiling = Ceiling.of(ceilingResults);
        double ratio = ours.accepted().median() / reference.accepted().median();
        StringBuilder md = new StringBuilder();
        md.append("# `make bench`, ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append("\n\n");
        busyWarning().ifPresent(warning -> md.append(warning).append("\n\n"));
        md.append(environment).append("\n\n");
        TargetResult first = ours.rounds().getFirst();
        md.append(format(
                "Load: %,d distinct, correctly signed Stripe events (1.2 to 2 KB, fresh timestamps) after %,d warm-up events,"
                        + " %d in flight (closed loop); then a fixed rate of half of each receiver's own peak (open loop) for %d s"
                        + " of settling and %,.0f s measured, latency counted from when each request was due."
                        + " Both receivers get the same events. %s; the receivers alternate which goes first (the"
                        + " reference in odd rounds), and each round first measures the machine's ceiling. Figures are"
                        + " medians over the rounds, with the range (lowest–highest) in parentheses.",
                first.events(),
                first.warmup().sent(),
                first.concurrency(),
                first.settleSeconds(),
                first.openLoop().sent() / first.openLoop().offeredPerSecond(),
                rounds(ours.rounds().size())));
        md.append("\n\n");
        receivers(md, reference, ours, ceiling, ratio);
        ceiling(md, ceiling);
        rounds(md, reference, ours);
        targets(md, reference, ours, ceiling, ratio);
        return md.toString();
    }

    /** The loud line on top when any part ran on a busy machine (only with {@code BENCH_ALLOW_BUSY=1}). */
    private Optional<String> busyWarning() {
        List<LoadCheck> busy = loadChecks.stream()
                .filter(check -> !check.quiet())
                .sorted(Comparator.comparingInt(LoadCheck::round))
                .toList();
        if (busy.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(format(
                "> **WARNING: the machine was busy (more than %.2f cores kept busy by other work) before %s."
                        + " BENCH_ALLOW_BUSY=1 let %s run anyway: %s figures are disturbed and not a fair comparison.**",
                busy.getFirst().maxOthersCores(),
                busy.stream()
                        .map(check -> "round " + check.round() + " (" + check.part() + ": " + check.summary() + ")")
                        .collect(Collectors.joining(", ")),
                busy.size() == 1 ? "it" : "them",
                busy.size() == 1 ? "its" : "their"));
    }

    private static void receivers(
            StringBuilder md, ReceiverRounds reference, ReceiverRounds ours, Ceiling ceiling, double ratio) {
        md.append("| | reference (Node.js, Express, stripe, pg) | ours | ours / reference |\n");
        md.append("| --- | ---: | ---: | ---: |\n");
        row(
                md,
                "accepted/s, closed loop",
                reference.accepted().format("%,.0f"),
                ours.accepted().format("%,.0f"),
                format("**%.2fx** (ratio of the medians)", ratio));
        row(
                md,
                "share of the machine's ceiling (" + format("%,.0f", ceiling.combined()) + " events/s)",
                percent(ceiling.share(reference.accepted().median())),
                percent(ceiling.share(ours.accepted().median())),
                "");
        medians(md, "ack latency p99, closed loop (ms)", reference, ours, ReceiverRounds::closedLoopP99, "%.1f");
        row(md, "errors, closed loop (all rounds)", errors(reference, true), errors(ours, true), "");
        medians(md, "open loop rate = half peak (events/s)", reference, ours, ReceiverRounds::halfPeak, "%,.0f");
        medians(md, "ack latency p50 at half peak (ms)", reference, ours, ReceiverRounds::halfPeakP50, "%.1f");
        medians(md, "ack latency p99 at half peak (ms)", reference, ours, ReceiverRounds::halfPeakP99, "%.1f");
        row(md, "errors, open loop (all rounds)", errors(reference, false), errors(ours, false), "");
        row(
                md,
                "acknowledged / in table / lost / duplicate rows (all rounds)",
                check(reference.check()),
                check(ours.check()),
                "");
        row(
                md,
                "cores busy in closed loop, medians: receiver / PostgreSQL / generator / others",
                cpu(reference.closedLoopCpu()),
                cpu(ours.closedLoopCpu()),
                "");
        md.append("\n");
    }

    private void ceiling(StringBuilder md, Ceiling ceiling) {
        md.append("The machine's ceiling, measured in every round on the same machine and PostgreSQL:\n\n");
        md.append("| part | per second | cores: server / PostgreSQL / generator / others | errors (all rounds) |\n");
        md.append("| --- | ---: | ---: | --- |\n");
        row(
                md,
                "HTTP, body read and signature verification alone: our receiver's web stack with a store that"
                        + " acknowledges at once (requests)",
                ceiling.http().format("%,.0f"),
                cpu(ceilingCpu(CeilingResult.HTTP)),
                ceilingErrors(CeilingResult.HTTP));
        row(
                md,
                format(
                        "store alone: our insert statement, %d-row transactions on %d connections, fresh database (rows)",
                        StoreCeiling.BATCH, StoreCeiling.CONNECTIONS),
                ceiling.store().format("%,.0f"),
                cpu(ceilingCpu(CeilingResult.STORE)),
                ceilingErrors(CeilingResult.STORE));
        row(
                md,
                "combined, both on the same cores: 1 / (1/HTTP + 1/store) (events)",
                format("%,.0f", ceiling.combined()),
                "",
                "");
        md.append("\n");
    }

    private void rounds(StringBuilder md, ReceiverRounds reference, ReceiverRounds ours) {
        md.append("| round | cores busy by others before each part (load average) | reference accepted/s | ours"
                + " accepted/s | ours / reference | p99 at half peak, reference / ours (ms) | HTTP alone/s | store"
                + " alone rows/s | others busy in closed loop, reference / ours |\n");
        md.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (TargetResult oursRound : ours.rounds()) {
            int round = oursRound.round();
            Optional<TargetResult> referenceRound = reference.round(round);
            md.append("| ")
                    .append(round)
                    .append(" | ")
                    .append(loads(round))
                    .append(" | ")
                    .append(referenceRound
                            .map(r -> format("%,.0f", r.closedLoop().acceptedPerSecond()))
                            .orElse("–"))
                    .append(" | ")
                    .append(format("%,.0f", oursRound.closedLoop().acceptedPerSecond()))
                    .append(" | ")
                    .append(referenceRound
                            .map(r -> format(
                                    "%.2fx",
                                    oursRound.closedLoop().acceptedPerSecond()
                                            / r.closedLoop().acceptedPerSecond()))
                            .orElse("–"))
                    .append(" | ")
                    .append(referenceRound
                            .map(r -> format("%.1f", r.openLoop().latency().p99()))
                            .orElse("–"))
                    .append(" / ")
                    .append(format("%.1f", oursRound.openLoop().latency().p99()))
                    .append(" | ")
                    .append(ceilingOf(round, CeilingResult.HTTP))
                    .append(" | ")
                    .append(ceilingOf(round, CeilingResult.STORE))
                    .append(" | ")
                    .append(referenceRound
                            .map(r -> format("%.2f", r.closedLoop().cpu().others()))
                            .orElse("–"))
                    .append(" / ")
                    .append(format("%.2f", oursRound.closedLoop().cpu().others()))
                    .append(" |\n");
        }
        md.append("\nOurs / reference per round: ")
                .append(perRoundRatios(reference, ours).format("%.2fx"))
                .append(".\n\n");
    }

    /** The ratio of each round in which both ran. */
    static Spread perRoundRatios(ReceiverRounds reference, ReceiverRounds ours) {
        return Spread.of(ours.rounds().stream()
                .flatMap(o -> reference.round(o.round()).stream()
                        .map(r -> o.closedLoop().acceptedPerSecond()
                                / r.closedLoop().acceptedPerSecond()))
                .toList());
    }

    private void targets(
            StringBuilder md, ReceiverRounds reference, ReceiverRounds ours, Ceiling ceiling, double ratio) {
        int rounds = Math.min(reference.rounds().size(), ours.rounds().size());
        double share = ceiling.share(ours.accepted().median());
        double p99 = ours.halfPeakP99().median();
        StoreCheck check = ours.check();
        md.append("Targets (issue 23):\n\n");
        md.append(format(
                "- ours / reference at least %.1fx, median of at least %d alternating rounds: %.2fx over %s, %s.%n",
                TARGET_RATIO,
                TARGET_ROUNDS,
                ratio,
                rounds(rounds),
                rounds < TARGET_ROUNDS
                        ? format("**not established** (at least %d rounds needed)", TARGET_ROUNDS)
                        : verdict(ratio >= TARGET_RATIO)));
        md.append(format(
                "- ours at least %.0f%% of the machine's ceiling: %s of %,.0f events/s, %s.%n",
                TARGET_CEILING_SHARE * 100,
                percent(share),
                ceiling.combined(),
                verdict(share >= TARGET_CEILING_SHARE)));
        md.append(format(
                "- p99 at half of our peak under %.0f ms: %s ms, %s.%n",
                TARGET_P99_MS, ours.halfPeakP99().format("%.1f"), verdict(p99 < TARGET_P99_MS)));
        md.append(format(
                "- zero acknowledged events lost: %d of %,d lost, %d duplicate rows, %s.%n",
                check.lost(),
                check.acked(),
                check.duplicates(),
                verdict(check.lost() == 0 && check.duplicates() == 0 && check.acked() > 0)));
    }

    /** E.g. {@code ceiling 0.02, reference 0.05, ours 0.01 (1.52 0.98 0.40)} in the order they ran, busy in bold. */
    private String loads(int round) {
        List<LoadCheck> checks = loadChecks.stream()
                .filter(check -> check.round() == round)
                .sorted(Comparator.comparingInt(check -> RoundPlan.parts(round).indexOf(check.part())))
                .toList();
        if (checks.isEmpty()) {
            return "–";
        }
        return checks.stream()
                        .map(check -> {
                            String text =
                                    format("%s %.2f", check.part(), check.load().othersCores());
                            return check.quiet() ? text : "**" + text + " busy**";
                        })
                        .collect(Collectors.joining(", "))
                + " (" + checks.getFirst().load().loadAverage() + ")";
    }

    private String ceilingOf(int round, String part) {
        return ceilingResults.stream()
                .filter(r -> r.round() == round && r.part().equals(part))
                .findFirst()
                .map(r -> format("%,.0f", r.perSecond()))
                .orElse("–");
    }

    private CpuUsage ceilingCpu(String part) {
        return CpuUsage.median(ceilingResults.stream()
                .filter(r -> r.part().equals(part))
                .map(CeilingResult::cpu)
                .toList());
    }

    private String ceilingErrors(String part) {
        Map<String, Long> errors = new TreeMap<>();
        ceilingResults.stream()
                .filter(r -> r.part().equals(part))
                .forEach(r -> r.errors().forEach((kind, count) -> errors.merge(kind, count, Long::sum)));
        return errors(errors);
    }

    private static void medians(
            StringBuilder md,
            String label,
            ReceiverRounds reference,
            ReceiverRounds ours,
            Function<ReceiverRounds, Spread> figure,
            String number) {
        row(
                md,
                label,
                figure.apply(reference).format(number),
                figure.apply(ours).format(number),
                "");
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

    private static String errors(ReceiverRounds receiver, boolean closedLoop) {
        return errors(receiver.errors(closedLoop ? TargetResult::closedLoop : TargetResult::openLoop));
    }

    private static String errors(Map<String, Long> errors) {
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

    private static String rounds(int count) {
        return count == 1 ? "1 round" : count + " rounds";
    }

    private static String percent(double share) {
        return format("%.0f%%", share * 100);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
