package dev.stripeoperator.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * An Argo CD resource health script run the way Argo CD runs one from argocd-cm ({@code build/argocd-health}: gopher-lua,
 * the resource as the global {@code obj}, only the base and table libraries, the returned table read as status and
 * message).
 */
record LuaHealthCheck(Tool runner, Path script) {

    /** What a health script returned. */
    record Health(String status, String message) {

        static Health of(Map<String, Object> healthStatus) {
            return new Health(
                    (String) healthStatus.get("status"),
                    String.valueOf(healthStatus.getOrDefault("message", "")).strip());
        }
    }

    /** The health of {@code resource}; an AssertionError with Argo CD's error when the script fails. */
    @SuppressWarnings("unchecked")
    Health evaluate(Map<String, Object> resource) {
        try {
            Path json = Files.createTempFile("resource-", ".json");
            try {
                Files.writeString(json, Serialization.asJson(resource));
                CommandResult result = runner.run(List.of(script.toString(), json.toString()));
                if (result.exitCode() != 0) {
                    throw new AssertionError("the health script failed as it would in Argo CD: " + result.stderr());
                }
                return Health.of(Serialization.unmarshal(result.stdout(), Map.class));
            } finally {
                Files.delete(json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
