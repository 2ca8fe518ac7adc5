package dev.stripeoperator.receiver.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stripeoperator.receiver.backfill.ReconcileSummary.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReconcileSummaryTest {

    private static final Instant TIME = Instant.parse("2026-11-23T18:17:03.456Z");

    @Test
    void jsonHasTheFieldsTheOperatorReadsWithMissingAsRecoveredPlusIgnored() {
        ReconcileSummary summary = new ReconcileSummary(TIME, new BackfillCounts(812, 805, 5, 2, 0, 0, 40, 3, 2),
                Outcome.Succeeded, "recovered 5", Duration.ofMillis(3200), false);

        JsonObject json = JsonParser.parseString(summary.toJson()).getAsJsonObject();

        assertThat(json.toString()).isEqualTo("{\"time\":\"2026-11-23T18:17:03Z\",\"listed\":812,"
                + "\"alreadyPresent\":805,\"missing\":7,\"recovered\":5,\"ignored\":2,\"wrongMode\":0,"
                + "\"unsubscribed\":40,\"versionMismatches\":3,\"accounts\":2,"
                + "\"outcome\":\"Succeeded\",\"message\":\"recovered 5\"}");
    }

    @Test
    void aDryRunSaysSoSoThatTheOperatorLeavesTheStatusAlone() {
        ReconcileSummary summary = new ReconcileSummary(TIME, new BackfillCounts(3, 1, 2, 0, 0, 0, 0, 0, 0),
                Outcome.Succeeded, "would recover 2", Duration.ofMillis(300), true);

        JsonObject json = JsonParser.parseString(summary.toJson()).getAsJsonObject();

        assertThat(json.get("dryRun").getAsBoolean()).isTrue();
        assertThat(summary.line("payments/billing")).startsWith("reconcile dry run succeeded: endpoint=payments/billing");
    }

    @Test
    void aLongMessageIsCutSoTheJsonFitsTheKubernetesTerminationMessageLimit() {
        ReconcileSummary summary = new ReconcileSummary(TIME, new BackfillCounts(0, 0, 0, 0, 0, 0, 0, 0, 0),
                Outcome.Failed, "x".repeat(10_000), Duration.ZERO, false);

        String json = summary.toJson();

        assertThat(json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(4096);
        assertThat(JsonParser.parseString(json).getAsJsonObject().get("message").getAsString())
                .hasSize(1024).endsWith("…");
    }

    @Test
    void theLineNamesEveryCountAndTheDuration() {
        ReconcileSummary summary = new ReconcileSummary(TIME, new BackfillCounts(11, 7, 2, 1, 1, 0, 3, 1, 4),
                Outcome.Failed, "the database refused 1 missing events", Duration.ofMillis(1250), false);

        assertThat(summary.line("payments/billing")).isEqualTo("reconcile failed: endpoint=payments/billing"
                + " listed=11 alreadyPresent=7 missing=4 recovered=2 ignored=1 refused=1 wrongMode=0 unsubscribed=3"
                + " versionMismatches=1 accounts=4 duration=1.3s: the database refused 1 missing events");
    }
}
