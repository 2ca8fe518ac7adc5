package dev.stripeoperator.receiver.forwarding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The npm {@code standardwebhooks} package (the library a Node application verifies with), installed with
 * {@code npm install} into a temporary directory and run by {@code node} on what a sink received.
 */
final class NodeStandardWebhooks {

    static final String VERSION = "1.1.1";

    private static final String SCRIPT = """
            const { Webhook } = require('standardwebhooks');
            const fs = require('fs');
            for (const c of JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))) {
              try {
                new Webhook(c.key).verify(c.body, c.headers);
                console.log('verified');
              } catch (e) {
                console.log('refused: ' + e.message);
              }
            }
            """;

    /** One message to verify with one key. */
    record Case(String key, String body, Map<String, String> headers) {}

    private final Path directory;

    private NodeStandardWebhooks(Path directory) {
        this.directory = directory;
    }

    /** Installs the package; bounded, and failing the test with npm's output when the registry cannot be reached. */
    static NodeStandardWebhooks install() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("standardwebhooks-node");
        Files.writeString(directory.resolve("package.json"), "{\"name\":\"verify\",\"private\":true}");
        run(
                directory,
                List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "standardwebhooks@" + VERSION),
                240);
        Files.writeString(directory.resolve("verify.js"), SCRIPT);
        return new NodeStandardWebhooks(directory);
    }

    /** {@code verified} or {@code refused: <why>} for each case, in order. */
    List<String> verify(List<Case> cases) throws IOException, InterruptedException {
        JsonArray array = new JsonArray();
        for (Case c : cases) {
            JsonObject item = new JsonObject();
            item.addProperty("key", c.key());
            item.addProperty("body", c.body());
            JsonObject headers = new JsonObject();
            c.headers().forEach(headers::addProperty);
            item.add("headers", headers);
            array.add(item);
        }
        Path input = Files.createTempFile(directory, "cases", ".json");
        Files.writeString(input, array.toString());
        return run(directory, List.of("node", "verify.js", input.toString()), 60)
                .lines()
                .toList();
    }

    private static String run(Path directory, List<String> command, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("standardwebhooks-node", ".log");
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + text);
        }
        return text;
    }
}
