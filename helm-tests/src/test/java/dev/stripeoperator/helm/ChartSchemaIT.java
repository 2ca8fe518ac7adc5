package dev.stripeoperator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json and the chart's own checks refuse bad values with a message that names them. */
class ChartSchemaIT {

    private static Helm helm;

    @BeforeAll
    static void helm() {
        helm = new Helm(Repository.current());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("--set", "replicaCount=-1", "/replicaCount"),
                Arguments.of("--set-string", "replicaCount=two", "/replicaCount"),
                Arguments.of("--set", "watchNamespaces=payments", "/watchNamespaces"),
                Arguments.of("--set", "watchNamespaces={Payments_Prod}", "/watchNamespaces/0"),
                Arguments.of("--set", "watchNamespaces={payments,payments}", "/watchNamespaces"),
                Arguments.of("--set", "image.pullPolicy=Sometimes", "/image/pullPolicy"),
                Arguments.of("--set", "receiver.image.repository=", "/receiver/image/repository"),
                Arguments.of("--set", "logLevel=VERBOSE", "/logLevel"),
                Arguments.of("--set", "serverSideApply=false", "serverSideApply"),
                Arguments.of("--set", "healthPort=80", "/healthPort"),
                Arguments.of("--set", "receiver.resources.limits.memory=lots", "/receiver/resources/limits/memory"),
                Arguments.of("--set", "runAsUser=0", "/runAsUser"),
                Arguments.of("--set", "metrics.serviceMonitor.interval=soon", "/metrics/serviceMonitor/interval"),
                Arguments.of("--set", "leaderElection.enable=true", "leaderElection"),
                Arguments.of("--set", "watchNamespace={payments}", "watchNamespace"),
                Arguments.of("--set", "replicaCount=2", "leaderElection.enabled"),
                Arguments.of("--set", "metrics.service.enabled=false,metrics.serviceMonitor.enabled=true",
                        "metrics.service.enabled"),
                Arguments.of("--set", "serviceAccount.create=false", "serviceAccount.name"),
                Arguments.of("--set", "monitoring.podMonitor.interval=often", "/monitoring/podMonitor/interval"),
                Arguments.of("--set", "monitoring.prometheusRule.notReadyFor=forever", "/monitoring/prometheusRule/notReadyFor"),
                Arguments.of("--set", "monitoring.prometheusRule.signatureFailuresPerSecond=-1",
                        "/monitoring/prometheusRule/signatureFailuresPerSecond"),
                Arguments.of("--set-string", "monitoring.prometheusRule.oldestPendingAgeSeconds=1h",
                        "/monitoring/prometheusRule/oldestPendingAgeSeconds"),
                Arguments.of("--set", "monitoring.prometheusRule.runbookUrl=docs/monitoring.md", "/monitoring/prometheusRule/runbookUrl"),
                Arguments.of("--set", "monitoring.dashboard.namespace=Grafana_NS", "/monitoring/dashboard/namespace"),
                Arguments.of("--set", "monitoring.podMonitors.enabled=true", "podMonitors"),
                Arguments.of("--set", "image.digest=sha256:abc", "/image/digest"),
                Arguments.of("--set", "receiver.image.digest=latest", "/receiver/image/digest"),
                Arguments.of("--set-string", "podDisruptionBudget.maxUnavailable=half", "/podDisruptionBudget/maxUnavailable"),
                Arguments.of("--set", "topologySpreadConstraints[0].maxSkew=1", "/topologySpreadConstraints/0"),
                Arguments.of("--set", "networkPolicy.apiServer.cidrs={kubernetes.default}", "/networkPolicy/apiServer/cidrs/0"),
                Arguments.of("--set", "networkPolicy.apiServer.ports={}", "/networkPolicy/apiServer/ports"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badValues")
    void refusesBadValuesNamingTheValue(String flag, String assignment, String named) {
        CommandResult result = helm.tryTemplate(flag, assignment);

        assertThat(result.exitCode()).as("helm template %s %s should fail", flag, assignment).isNotZero();
        assertThat(result.stderr()).contains(named);
        assertThat(result.stdout()).doesNotContain("kind: Deployment");
    }

    @Test
    void acceptsQuantitiesWrittenAsNumbersAndPassesThemOnAsText() {
        Deployment deployment = helm.template("--set", "receiver.resources.limits.cpu=2",
                "--set", "receiver.resources.requests.cpu=0.5").only(Deployment.class);

        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("RECEIVER_CPU_LIMIT");
                    assertThat(env.getValue()).isEqualTo("2");
                })
                .anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("RECEIVER_CPU_REQUEST");
                    assertThat(env.getValue()).isEqualTo("0.5");
                });
    }

    @Test
    void anExistingServiceAccountIsUsedWhenTheChartDoesNotCreateOne() {
        Manifests manifests = helm.template("--set", "serviceAccount.create=false", "--set", "serviceAccount.name=ops-bot");

        assertThat(manifests.kinds()).doesNotContain("ServiceAccount");
        assertThat(manifests.only(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("ops-bot");
    }
}
