package dev.stripeoperator.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The API server's audit log (level Metadata): one {@link AuditEvent} per request that completed. */
public final class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    AuditLog(Path file) {
        this.file = file;
    }

    /** Every request recorded so far, oldest first. */
    public List<AuditEvent> events() {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> !line.isBlank())
                    .map(AuditLog::parse)
                    .filter(event -> !event.stage().equals("RequestReceived"))
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
    }

    /** The recorded requests that {@code filter} accepts. */
    public List<AuditEvent> events(Predicate<AuditEvent> filter) {
        return events().stream().filter(filter).toList();
    }

    private static AuditEvent parse(String line) {
        try {
            JsonNode event = JSON.readTree(line);
            JsonNode object = event.path("objectRef");
            return new AuditEvent(
                    event.path("stage").asText(),
                    event.path("user").path("username").asText(),
                    event.path("user")
                            .path("extra")
                            .path("authentication.kubernetes.io/pod-name")
                            .path(0)
                            .asText(""),
                    event.path("verb").asText(),
                    object.path("apiGroup").asText(""),
                    object.path("resource").asText(""),
                    object.path("subresource").asText(""),
                    object.path("namespace").asText(""),
                    object.path("name").asText(""),
                    event.path("responseStatus").path("code").asInt(0),
                    event.path("requestURI").asText(),
                    event.path("userAgent").asText(""),
                    java.time.Instant.parse(event.path("stageTimestamp").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("not an audit event: " + line, e);
        }
    }
}
