package dev.stripeoperator.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The load generator of {@code make bench}, one command per step of bench/run.sh: {@code plan} says what each round
 * runs, {@code quiet} waits for a quiet machine, {@code run} loads one receiver, {@code http-ceiling} and
 * {@code store-ceiling} measure the machine's ceiling, each writing its results as JSON; {@code report} compares them
 * and writes the Markdown summary.
 */
public final class BenchMain {

    /** The exit status of {@code quiet} when the machine stayed busy. */
    static final int BUSY = 3;

    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .serializeSpecialFloatingPointValues()
            .create();

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        Options options = Options.parse(args, 1);
        switch (args[0]) {
            case "plan" ->
                RoundPlan.of(
                                Integer.parseInt(options.required("rounds")),
                                Optional.of(options.optional("only", "")).filter(only -> !only.isEmpty()))
                        .forEach(plan -> System.out.println(plan.line()));
            case "quiet" -> {
                QuietSettings quiet = QuietSettings.fromEnvironment(System.getenv());
                long postgresPid = Long.parseLong(options.required("postgres-pid"));
                LoadCheck check = new QuietWait(
                                quiet.maxOthersCores(),
                                quiet.patience(),
                                () -> MachineLoad.measure(quiet.window(), postgresPid),
                                System::nanoTime)
                        .await(round(options), options.required("part"));
                write(options, check);
                System.out.println(check.summary());
                if (!check.quiet()) {
                    System.exit(BUSY);
                }
            }
            case "run" ->
                write(
                        options,
                        new BenchRun(
                                        BenchSettings.fromEnvironment(System.getenv()),
                                        Target.from(options),
                                        round(options))
                                .run());
            case "http-ceiling" ->
                write(
                        options,
                        new HttpCeilingLoad(
                                        BenchSettings.fromEnvironment(System.getenv()),
                                        URI.create(options.required("url")),
                                        Long.parseLong(options.required("server-pid")),
                                        Long.parseLong(options.required("postgres-pid")))
                                .run(round(options)));
            case "store-ceiling" ->
                write(
                        options,
                        new StoreCeiling(
                                        BenchSettings.fromEnvironment(System.getenv()),
                                        options.required("jdbc-url"),
                                        Long.parseLong(options.required("postgres-pid")))
                                .run(round(options)));
            case "report" -> {
                Report report = new Report(
                        readAll(options.required("reference"), TargetResult.class),
                        readAll(options.required("ours"), TargetResult.class),
                        readAll(options.required("ceiling"), CeilingResult.class),
                        readAll(options.required("load"), LoadCheck.class),
                        options.optional("environment", ""));
                String markdown = report.markdown();
                Files.writeString(Path.of(options.required("out")), markdown);
                System.out.println(markdown);
            }
            default -> usage();
        }
    }

    private static int round(Options options) {
        return Integer.parseInt(options.required("round"));
    }

    private static void write(Options options, Object result) throws IOException {
        Files.writeString(Path.of(options.required("out")), GSON.toJson(result));
    }

    /** Reads a comma-separated list of result files. */
    private static <T> List<T> readAll(String files, Class<T> type) throws IOException {
        List<T> results = new ArrayList<>();
        for (String file : files.split(",")) {
            results.add(GSON.fromJson(Files.readString(Path.of(file)), type));
        }
        return results;
    }

    private static void usage() {
        System.err.println("""
                usage: bench plan --rounds N [--only ours|reference]
                       bench quiet --round R --part P --postgres-pid P --out FILE   (exit status 3: still busy)
                       bench run --name N --url U --jdbc-url J --endpoint E --receiver-pid P --postgres-pid P --round R --out FILE
                       bench http-ceiling --url U --server-pid P --postgres-pid P --round R --out FILE
                       bench store-ceiling --jdbc-url J --postgres-pid P --round R --out FILE
                       bench report --reference FILES --ours FILES --ceiling FILES --load FILES --out FILE [--environment TEXT]
                (FILES: comma-separated). Settings from the environment: STRIPE_WEBHOOK_SECRET, BENCH_EVENTS, BENCH_WARMUP,
                BENCH_CONCURRENCY, BENCH_SETTLE, BENCH_DURATION (open loop, seconds), BENCH_TIMEOUT_SECONDS, BENCH_RUN_ID
                (makes event ids distinct), BENCH_MAX_BUSY_CORES, BENCH_QUIET_WAIT, BENCH_LOAD_SAMPLE (seconds)""");
        System.exit(2);
    }
}
