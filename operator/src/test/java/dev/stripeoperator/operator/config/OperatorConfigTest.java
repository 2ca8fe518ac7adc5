package dev.stripeoperator.operator.config;

import java.util.Map;
import java.util.logging.Level;

import dev.stripeoperator.contract.LogFormat;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.operator.endpoint.ForwardingSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorConfigTest {

    @Test
    void defaultsSuitARealCluster() {
        OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(), "1.4.0");

        assertThat(config.watchesAllNamespaces()).isTrue();
        assertThat(config.receiverImage()).isEqualTo("ghcr.io/stripe-webhook-operator/receiver:1.4.0");
        assertThat(config.receiverImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(config.leaderElection()).isFalse();
        assertThat(config.leaseName()).isEqualTo("stripe-webhook-operator");
        assertThat(config.healthPort()).isEqualTo(8081);
        assertThat(config.reconcileThreads()).isEqualTo(10);
        assertThat(config.logLevel()).isEqualTo(Level.INFO);
        assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(config.receiverResources().getRequests())
                .containsEntry("cpu", new Quantity("100m"))
                .containsEntry("memory", new Quantity("256Mi"));
        assertThat(config.receiverResources().getLimits())
                .as("no CPU limit unless asked for")
                .containsOnlyKeys("memory")
                .containsEntry("memory", new Quantity("512Mi"));
        assertThat(config.receiverDefaults()).isEqualTo(ReceiverDefaults.NONE);
        assertThat(config.clusterName()).isNull();
    }

    @Test
    void everySettingIsRead() {
        OperatorConfig config = OperatorConfig.fromEnvironment(
                Map.ofEntries(
                        Map.entry("WATCH_NAMESPACES", " payments, billing ,,"),
                        Map.entry("RECEIVER_IMAGE", "registry.example/receiver:9"),
                        Map.entry("RECEIVER_IMAGE_PULL_POLICY", "Always"),
                        Map.entry("RECEIVER_CPU_REQUEST", "250m"),
                        Map.entry("RECEIVER_MEMORY_REQUEST", "300Mi"),
                        Map.entry("RECEIVER_CPU_LIMIT", "2"),
                        Map.entry("RECEIVER_MEMORY_LIMIT", "1Gi"),
                        Map.entry("RECEIVER_DEFAULTS", """
                        {"pod": {"nodeSelector": {"pool": "webhooks"}, "priorityClassName": "payments-high",
                                 "env": [{"name": "JAVA_TOOL_OPTIONS", "value": "-Dhttps.proxyHost=proxy"}]},
                         "forwarding": {"maxAttempts": 20, "backoffBase": "30s", "backoffMax": "1h", "concurrency": 4},
                         "retention": "30d"}
                        """),
                        Map.entry("OPERATOR_LEADER_ELECTION", "true"),
                        Map.entry("OPERATOR_NAMESPACE", "stripe-system"),
                        Map.entry("OPERATOR_LEASE_NAME", "payments-stripe-webhook-operator"),
                        Map.entry("OPERATOR_HEALTH_PORT", "9090"),
                        Map.entry("OPERATOR_RECONCILE_THREADS", "4"),
                        Map.entry("LOG_LEVEL", "debug"),
                        Map.entry("LOG_FORMAT", "json"),
                        Map.entry("OPERATOR_CLUSTER_NAME", "prod-eu.1")),
                "1.4.0");

        assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("payments", "billing");
        assertThat(config.receiverImage()).isEqualTo("registry.example/receiver:9");
        assertThat(config.receiverImagePullPolicy()).isEqualTo("Always");
        assertThat(config.receiverResources().getRequests())
                .containsEntry("cpu", new Quantity("250m"))
                .containsEntry("memory", new Quantity("300Mi"));
        assertThat(config.receiverResources().getLimits())
                .containsEntry("cpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("1Gi"));
        assertThat(config.receiverDefaults().pod().nodeSelector()).containsExactly(Map.entry("pool", "webhooks"));
        assertThat(config.receiverDefaults().pod().priorityClassName()).isEqualTo("payments-high");
        assertThat(config.receiverDefaults().pod().env())
                .extracting(e -> e.getName())
                .containsExactly("JAVA_TOOL_OPTIONS");
        assertThat(config.receiverDefaults().forwarding()).isEqualTo(new ForwardingSpec(20, "30s", "1h", 4));
        assertThat(config.receiverDefaults().retention()).isEqualTo("30d");
        assertThat(config.leaderElection()).isTrue();
        assertThat(config.operatorNamespace()).isEqualTo("stripe-system");
        assertThat(config.leaseName()).isEqualTo("payments-stripe-webhook-operator");
        assertThat(config.healthPort()).isEqualTo(9090);
        assertThat(config.reconcileThreads()).isEqualTo(4);
        assertThat(config.logLevel()).isEqualTo(Level.FINE);
        assertThat(config.logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(config.clusterName()).isEqualTo("prod-eu.1");
    }

    @Test
    void blankValuesTakeTheDefaults() {
        OperatorConfig config =
                OperatorConfig.fromEnvironment(Map.of("WATCH_NAMESPACES", "  ", "RECEIVER_IMAGE", ""), "2.0.0");

        assertThat(config.watchesAllNamespaces()).isTrue();
        assertThat(config.receiverImage()).endsWith(":2.0.0");
    }

    @Test
    void invalidValuesNameTheVariableAndWhatItAccepts() {
        assertInvalid("OPERATOR_HEALTH_PORT", "http", "a whole number");
        assertInvalid("OPERATOR_HEALTH_PORT", "70000", "between 0 and 65535");
        assertInvalid("OPERATOR_RECONCILE_THREADS", "0", "between 1 and 200");
        assertInvalid("RECEIVER_IMAGE_PULL_POLICY", "Sometimes", "IfNotPresent");
        assertInvalid("RECEIVER_MEMORY_LIMIT", "lots", "quantity");
        assertInvalid("RECEIVER_CPU_REQUEST", "0", "quantity");
        assertInvalid("LOG_LEVEL", "LOUD", "INFO");
        assertInvalid("LOG_FORMAT", "logfmt", "text or json");
        assertInvalid("OPERATOR_LEADER_ELECTION", "maybe", "true or false");
        assertInvalid("OPERATOR_LEASE_NAME", "Stripe_Leader", "object name");
        assertInvalid("OPERATOR_LEASE_NAME", "leader-", "object name");
        assertInvalid("OPERATOR_LEASE_NAME", "l".repeat(254), "at most 253");
        assertInvalid("OPERATOR_CLUSTER_NAME", "prod eu", "1 to 63 letters");
        assertInvalid("OPERATOR_CLUSTER_NAME", "c".repeat(64), "1 to 63 letters");
    }

    @Test
    void receiverDefaultsAreCheckedAsTheCrdChecksAnEndpoints() {
        assertDefaultsRefused("{\"pod\": {\"env\": [{\"name\": \"DATABASE_URL\", \"value\": \"x\"}]}}", "DATABASE_URL");
        assertDefaultsRefused("{\"forwarding\": {\"maxAttempts\": 0}}", "maxAttempts from 1 to 100");
        assertDefaultsRefused("{\"forwarding\": {\"concurrency\": 1000}}", "concurrency from 1 to 256");
        assertDefaultsRefused("{\"forwarding\": {\"backoffBase\": \"soon\"}}", "durations");
        assertDefaultsRefused("{\"forwarding\": {\"backoffBase\": \"2h\", \"backoffMax\": \"1h\"}}", "not shorter");
        assertDefaultsRefused("{\"pod\": {\"priorityClassName\": \"High_Prio\"}}", "object name");
        assertDefaultsRefused("{\"retention\": \"90\"}", "such as 90d");
        assertDefaultsRefused("{\"retention\": \"2160h\"}", "such as 90d");
        assertDefaultsRefused("{\"retention\": \"0d\"}", "from 1 to 9999");
        assertDefaultsRefused("{\"pods\": {}}", "JSON object");
        assertDefaultsRefused("[1, 2]", "JSON object");
    }

    private static void assertDefaultsRefused(String json, String hint) {
        assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("RECEIVER_DEFAULTS", json), "1.0.0"))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("RECEIVER_DEFAULTS must be")
                .hasMessageContaining(hint);
    }

    @Test
    void leaderElectionNeedsTheNamespaceOfItsLease() {
        assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("OPERATOR_LEADER_ELECTION", "true"), "1.0.0"))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("OPERATOR_NAMESPACE");
    }

    @Test
    void aCommaListThatNamesNoNamespaceIsAnErrorNotAllNamespaces() {
        assertInvalid("WATCH_NAMESPACES", ", ,", "at least one entry");
    }

    private static void assertInvalid(String name, String value, String hint) {
        assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(name, value), "1.0.0"))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith(name + " must be ")
                .hasMessageContaining(hint)
                .hasMessageEndingWith(", got '" + value + "'");
    }
}
