package dev.stripeoperator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The load generator of {@code make bench}: {@code run} loads one receiver and writes its results as JSON;
 * {@code report} compares our receiver's results with the reference's and writes the Markdown summary.
 */
public final class BenchMain {

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
            case "run" -> {
                TargetResult result =
                        new BenchRun(BenchSettings.fromEnvironment(System.getenv()), Target.from(options)).run();
                Files.writeString(Path.of(options.required("out")), GSON.toJson(result));
            }
            case "report" -> {
                Report report = new Report(
                        readAll(options.required("reference")),
                        readAll(options.required("ours")),
                        options.optional("environment", ""));
                String markdown = report.markdown();
                Files.writeString(Path.of(options.required("out")), markdown);
                System.out.println(markdown);
            }
            default -> usage();
        }
    }

    /** Reads a comma-separated list of result files, one per round. */
    private static List<TargetResult> readAll(String files) throws IOException {
        List<TargetResult> results = new ArrayList<>();
        for (String file : files.split(",")) {
            results.add(GSON.fromJson(Files.readString(Path.of(file)), TargetResult.class));
        }
        return results;
    }

    private static void usage() {
        System.err.println("""
                usage: bench run --name N --url U --jdbc-url J --endpoint E --receiver-pid P --postgres-pid P --out FILE
                       bench report --reference FILE[,FILE...] --ours FILE[,FILE...] --out FILE [--environment TEXT]
                settings from the environment: STRIPE_WEBHOOK_SECRET, BENCH_EVENTS, BENCH_WARMUP, BENCH_CONCURRENCY,
                BENCH_DURATION (open loop, seconds), BENCH_TIMEOUT_SECONDS, BENCH_RUN_ID (makes event ids distinct)""");
        System.exit(2);
    }
}
