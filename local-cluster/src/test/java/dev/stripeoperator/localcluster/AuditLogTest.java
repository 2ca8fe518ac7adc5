package dev.stripeoperator.localcluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogTest {

    @TempDir
    Path cluster;

    @Test
    void readsTheFilesTheApiServerRotatedOutBeforeTheCurrentOneThroughTheLink() throws IOException {
        // given the API server's log directory with two rotated files, the current log and a policy beside them
        Path logs = Files.createDirectories(cluster.resolve("kwok/logs"));
        Files.writeString(
                logs.resolve("audit-2026-12-07T03-10-00.000.log"),
                event("second", "RequestReceived") + event("second", "ResponseComplete"));
        Files.writeString(logs.resolve("audit-2026-12-07T03-00-00.000.log"), event("first", "ResponseComplete"));
        Files.writeString(logs.resolve("audit.log"), "\n" + event("third", "ResponseComplete"));
        Files.writeString(logs.resolve("audit-policy.yaml"), "apiVersion: audit.k8s.io/v1\n");
        Path link = Files.createSymbolicLink(cluster.resolve("audit.log"), logs.resolve("audit.log"));

        // when
        var events = new AuditLog(link).events();

        // then every completed request, oldest file first
        assertThat(events).extracting(AuditEvent::name).containsExactly("first", "second", "third");
        assertThat(events).extracting(AuditEvent::stage).containsOnly("ResponseComplete");
    }

    @Test
    void aLogNotWrittenYetHasNoEvents() {
        assertThat(new AuditLog(cluster.resolve("audit.log")).events()).isEmpty();
    }

    private static String event(String name, String stage) {
        return """
                {"stage":"%s","user":{"username":"system:admin"},"verb":"create",\
                "objectRef":{"resource":"configmaps","namespace":"default","name":"%s"},\
                "responseStatus":{"code":201},"requestURI":"/api/v1/namespaces/default/configmaps",\
                "stageTimestamp":"2026-12-07T03:00:00.000000Z"}
                """.formatted(stage, name);
    }
}
