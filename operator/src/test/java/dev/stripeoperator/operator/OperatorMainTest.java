package dev.stripeoperator.operator;

import java.math.BigDecimal;
import java.util.Map;

import dev.stripeoperator.contract.JsonLogReader;
import dev.stripeoperator.contract.LogCapture;
import dev.stripeoperator.contract.LogfmtReader;
import dev.stripeoperator.operator.config.OperatorConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorMainTest {

    @Test
    void theStartedLineIsALogLineOfTheOneKeySet() {
        OperatorConfig config = OperatorConfig.fromEnvironment(Map.of("WATCH_NAMESPACES", "shop, payments"), "1.4.0");

        LogfmtReader.Parsed line = LogfmtReader.parse(
                OperatorMain.startedLine("1.4.0", config, 8081).toString());

        assertThat(line.kind()).isEqualTo("operator");
        assertThat(line.values())
                .containsExactly(
                        Map.entry("outcome", "started"),
                        Map.entry("version", "1.4.0"),
                        Map.entry("namespaces", "payments,shop"),
                        Map.entry("leader_election", "false"),
                        Map.entry("port", "8081"));
    }

    @Test
    void watchingEveryNamespaceSaysSo() {
        OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(), "1.4.0");

        assertThat(LogfmtReader.parse(
                                OperatorMain.startedLine("1.4.0", config, 0).toString())
                        .values())
                .containsEntry("namespaces", "all");
    }

    @Test
    void inJsonTheStartedLineHasTheSameKeysWithItsFlagAndPortTyped() {
        OperatorConfig config = OperatorConfig.fromEnvironment(Map.of("LOG_FORMAT", "json"), "1.4.0");

        JsonLogReader.Parsed line =
                JsonLogReader.parse(LogCapture.json(OperatorMain.startedLine("1.4.0", config, 8081)));

        assertThat(line.kind()).isEqualTo("operator");
        assertThat(line.values())
                .containsExactly(
                        Map.entry("outcome", "started"),
                        Map.entry("version", "1.4.0"),
                        Map.entry("namespaces", "all"),
                        Map.entry("leader_election", false),
                        Map.entry("port", new BigDecimal(8081)));
    }
}
