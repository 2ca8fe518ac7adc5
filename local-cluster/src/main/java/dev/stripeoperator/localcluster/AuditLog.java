package dev.stripeoperator.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The API server's audit log (level Metadata): one {@link AuditEvent} per request that completed. */
public final class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    AuditLog(Path file) {
        this.file = file;
    }

    /**
     * Every request recorded so far, oldest first: the files the API server rotated out, then the current one. The API
     * server rotates its audit log at 100 MB by default, about 200,000 requests, which a long run writes.
     */
    public List<AuditEvent> events() {
        try {
            List<Path> files = new ArrayList<>(rotated());
            files.add(file);
            List<AuditEvent> events = new ArrayList<>();
            for (Path path : files) {
                try (Stream<String> lines = Files.lines(path)) {
                    lines.filter(line -> !line.isBlank())
                            .map(AuditLog::parse)
                            .filter(event -> !event.stage().equals("RequestReceived"))
                            .forEach(events::add);
                }
            }
            return List.copyOf(events);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
    }

    /**
     * The files rotated out beside the log (which may be a link to it), oldest first: the API server's log rotation
     * names them {@code audit-<UTC time>.log}, which sorts by time.
     */
    private List<Path> rotated() throws IOException {
        Path current = file.toRealPath();
        String name = current.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String prefix = (dot < 0 ? name : name.substring(0, dot)) + "-";
        String suffix = dot < 0 ? "" : name.substring(dot);
        try (Stream<Path> siblings = Files.list(current.getParent())) {
            return siblings.filter(path -> {
                        String sibling = path.getFileName().toString();
                        return sibling.startsWith(prefix) && sibling.endsWith(suffix);
                    })
                    .sorted()
                    .toList();
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
