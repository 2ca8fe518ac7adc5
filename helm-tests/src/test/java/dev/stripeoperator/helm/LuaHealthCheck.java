package dev.stripeoperator.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An Argo CD resource health script run by a Lua interpreter the way Argo CD runs it: the resource as the table
 * {@code obj}, the script's returned table read as status and message.
 */
record LuaHealthCheck(Tool lua, String script) {

    /** What a health script returned. */
    record Health(String status, String message) {

        static Health of(Map<String, Object> healthStatus) {
            return new Health(
                    (String) healthStatus.get("status"),
                    String.valueOf(healthStatus.getOrDefault("message", "")).strip());
        }
    }

    Health evaluate(Map<String, Object> resource) {
        String program = "local function health(obj)\n" + script + "\nend\n"
                + "local hs = health(" + luaValue(resource) + ")\n"
                + "io.write(hs.status, \"\\n\", hs.message or \"\")\n";
        try {
            Path file = Files.createTempFile("health-", ".lua");
            try {
                Files.writeString(file, program);
                CommandResult result = lua.run(List.of(file.toString())).requireSuccess();
                int newline = result.stdout().indexOf('\n');
                if (newline < 0) {
                    throw new AssertionError("the health script printed no status and message: " + result.stdout());
                }
                return new Health(
                        result.stdout().substring(0, newline), result.stdout().substring(newline + 1));
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Lua table constructor (or scalar) with the same content as parsed YAML. */
    static String luaValue(Object value) {
        return switch (value) {
            case null -> "nil";
            case Map<?, ?> map -> {
                StringBuilder table = new StringBuilder("{");
                map.forEach((key, item) -> table.append('[')
                        .append(luaValue(String.valueOf(key)))
                        .append("]=")
                        .append(luaValue(item))
                        .append(','));
                yield table.append('}').toString();
            }
            case List<?> list -> {
                StringBuilder table = new StringBuilder("{");
                list.forEach(item -> table.append(luaValue(item)).append(','));
                yield table.append('}').toString();
            }
            case String text ->
                "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
            case Number number -> number.toString();
            case Boolean bool -> bool.toString();
            default -> throw new IllegalArgumentException("no Lua value for " + value.getClass());
        };
    }
}
