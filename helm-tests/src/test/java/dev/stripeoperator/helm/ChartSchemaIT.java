package dev.stripeoperator.helm;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.contract.ReceiverSetting;
import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.endpoint.OperatorVolumes;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** values.schema.json and the chart's own checks refuse bad values with a message that names them. */
@SuppressWarnings("unchecked") // JSON read as maps
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
                Arguments.of("--set", "podSecurityContext.runAsUser=0", "/podSecurityContext/runAsUser"),
                Arguments.of("--set", "securityContext.runAsGroup=0", "/securityContext/runAsGroup"),
                Arguments.of("--set", "podSecurityContext.runAsUsr=5", "runAsUsr"),
                Arguments.of("--set", "securityContext.privilegd=true", "privilegd"),
                Arguments.of("--set", "runAsUser=10001", "runAsUser"),
                Arguments.of("--set", "image.registry=https://mirror.example.com", "/image/registry"),
                Arguments.of("--set", "image.registry=mirror.example.com/", "/image/registry"),
                Arguments.of("--set", "receiver.image.registry=mirror.example.com", "registry"),
                Arguments.of("--set", "commonLabels.bad\\ key=x", "bad key"),
                Arguments.of("--set", "commonLabels.team=two words", "/commonLabels/team"),
                Arguments.of("--set-string", "commonLabels.team=" + "x".repeat(64), "/commonLabels/team"),
                Arguments.of("--set", "logFormat=logfmt", "/logFormat"),
                Arguments.of("--set", "extraEnv[0].value=x", "/extraEnv/0"),
                Arguments.of(
                        "--set",
                        "extraVolumes[0].name=tmp,extraVolumes[0].emptyDir.medium=Memory",
                        "/extraVolumes/0/name"),
                Arguments.of("--set", "extraVolumeMounts[0].name=ca", "/extraVolumeMounts/0"),
                Arguments.of("--set", "receiver.pod.serviceAccountName=Billing_DB", "/receiver/pod/serviceAccountName"),
                Arguments.of("--set", "receiver.pod.volumes[0].emptyDir.medium=Memory", "/receiver/pod/volumes/0"),
                Arguments.of(
                        "--set",
                        "receiver.pod.volumeMounts[0].name=ca,receiver.pod.volumeMounts[0].mountPath=etc/ca",
                        "/receiver/pod/volumeMounts/0/mountPath"),
                Arguments.of("--set", "metrics.serviceMonitor.interval=soon", "/metrics/serviceMonitor/interval"),
                Arguments.of("--set", "leaderElection.enable=true", "leaderElection"),
                Arguments.of("--set", "watchNamespace={payments}", "watchNamespace"),
                Arguments.of("--set", "replicaCount=2", "leaderElection.enabled"),
                Arguments.of(
                        "--set",
                        "metrics.service.enabled=false,metrics.serviceMonitor.enabled=true",
                        "metrics.service.enabled"),
                Arguments.of("--set", "serviceAccount.create=false", "serviceAccount.name"),
                Arguments.of("--set", "monitoring.podMonitor.interval=often", "/monitoring/podMonitor/interval"),
                Arguments.of(
                        "--set",
                        "monitoring.prometheusRule.notReadyFor=forever",
                        "/monitoring/prometheusRule/notReadyFor"),
                Arguments.of(
                        "--set",
                        "monitoring.prometheusRule.signatureFailuresPerSecond=-1",
                        "/monitoring/prometheusRule/signatureFailuresPerSecond"),
                Arguments.of(
                        "--set-string",
                        "monitoring.prometheusRule.oldestPendingAgeSeconds=1h",
                        "/monitoring/prometheusRule/oldestPendingAgeSeconds"),
                Arguments.of(
                        "--set",
                        "monitoring.prometheusRule.runbookUrl=docs/monitoring.md",
                        "/monitoring/prometheusRule/runbookUrl"),
                Arguments.of("--set", "monitoring.dashboard.namespace=Grafana_NS", "/monitoring/dashboard/namespace"),
                Arguments.of("--set", "monitoring.podMonitors.enabled=true", "podMonitors"),
                Arguments.of("--set", "image.digest=sha256:abc", "/image/digest"),
                Arguments.of("--set", "receiver.image.digest=latest", "/receiver/image/digest"),
                Arguments.of(
                        "--set-string",
                        "podDisruptionBudget.maxUnavailable=half",
                        "/podDisruptionBudget/maxUnavailable"),
                Arguments.of("--set", "topologySpreadConstraints[0].maxSkew=1", "/topologySpreadConstraints/0"),
                Arguments.of(
                        "--set",
                        "networkPolicy.apiServer.cidrs={kubernetes.default}",
                        "/networkPolicy/apiServer/cidrs/0"),
                Arguments.of("--set", "networkPolicy.apiServer.ports={}", "/networkPolicy/apiServer/ports"),
                Arguments.of("--set", "receiver.resources.limits.cpu=lots", "/receiver/resources/limits/cpu"),
                Arguments.of(
                        "--set",
                        "receiver.pod.env[0].name=DATABASE_URL,receiver.pod.env[0].value=x",
                        "/receiver/pod/env/0/name"),
                Arguments.of(
                        "--set", "receiver.pod.tolerations[0].operator=Maybe", "/receiver/pod/tolerations/0/operator"),
                Arguments.of("--set", "receiver.pod.priorityClassName=High_Prio", "/receiver/pod/priorityClassName"),
                Arguments.of("--set", "receiver.pod.affinity.nodeAfinity.x=y", "nodeAfinity"),
                Arguments.of("--set", "receiver.pod.imagePullSecret[0].name=regcred", "imagePullSecret"),
                Arguments.of("--set", "receiver.forwarding.maxAttempts=0", "/receiver/forwarding/maxAttempts"),
                Arguments.of("--set", "receiver.forwarding.concurrency=1000", "/receiver/forwarding/concurrency"),
                Arguments.of("--set", "receiver.forwarding.backoffBase=soon", "/receiver/forwarding/backoffBase"),
                Arguments.of("--set", "receiver.retention=2160h", "/receiver/retention"),
                Arguments.of("--set", "stripe.clusterName=prod eu", "/stripe/clusterName"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badValues")
    void refusesBadValuesNamingTheValue(String flag, String assignment, String named) {
        CommandResult result = helm.tryTemplate(flag, assignment);

        assertThat(result.exitCode())
                .as("helm template %s %s should fail", flag, assignment)
                .isNotZero();
        assertThat(result.stderr()).contains(named);
        assertThat(result.stdout()).doesNotContain("kind: Deployment");
    }

    @Test
    void acceptsQuantitiesWrittenAsNumbersAndPassesThemOnAsText() {
        Map<String, String> env = helm.template(
                        "--set", "receiver.resources.limits.cpu=2", "--set", "receiver.resources.requests.cpu=0.5")
                .operatorEnv();

        assertThat(env).containsEntry("RECEIVER_CPU_LIMIT", "2").containsEntry("RECEIVER_CPU_REQUEST", "0.5");
    }

    @Test
    void theSchemaRefusesEveryReceiverSettingAsExtraEnvironmentAndNoOtherName() throws java.io.IOException {
        Map<String, Object> schema = Serialization.unmarshal(
                Files.readString(Repository.current().chart().resolve("values.schema.json")), Map.class);
        Map<String, Object> name = at(
                schema,
                "properties",
                "receiver",
                "properties",
                "pod",
                "properties",
                "env",
                "items",
                "properties",
                "name");

        assertThat((List<String>) ((Map<String, Object>) name.get("not")).get("enum"))
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ReceiverSetting.values()).map(Enum::name).toList());
        assertThat(helm.tryTemplate(
                                "--set",
                                "receiver.pod.env[0].name=HTTPS_PROXY,receiver.pod.env[0].value=http://proxy:3128")
                        .exitCode())
                .isZero();
    }

    @Test
    void extraEnvironmentOfTheOperatorMayNotSetWhatTheChartSetsAndNothingElseIsRefused() throws java.io.IOException {
        Map<String, Object> schema = Serialization.unmarshal(
                Files.readString(Repository.current().chart().resolve("values.schema.json")), Map.class);
        List<Map<String, Object>> allOf = (List<Map<String, Object>>)
                at(schema, "properties", "extraEnv", "items").get("allOf");
        Map<String, Object> name = at(allOf.get(1), "properties", "name");
        Set<String> operatorSettings = new TreeSet<>();
        OperatorConfig.fromEnvironment(
                new java.util.AbstractMap<String, String>() {
                    @Override
                    public String get(Object key) {
                        operatorSettings.add((String) key);
                        return null;
                    }

                    @Override
                    public Set<Entry<String, String>> entrySet() {
                        return Set.of();
                    }
                },
                "test");

        assertThat((List<String>) ((Map<String, Object>) name.get("not")).get("enum"))
                .as("the operator's settings and JAVA_TOOL_OPTIONS, which javaOptions sets")
                .containsExactlyInAnyOrderElementsOf(
                        Stream.concat(operatorSettings.stream(), Stream.of("JAVA_TOOL_OPTIONS"))
                                .toList());
        assertThat(Set.copyOf(ValueSet.ENTERPRISE.render(helm).operatorEnv().keySet()))
                .as("what the chart renders at most, with extraEnv's own")
                .isSubsetOf(Stream.concat(
                                operatorSettings.stream(), Stream.of("JAVA_TOOL_OPTIONS", "KUBERNETES_REQUEST_TIMEOUT"))
                        .toList());
        for (String taken : List.of("LOG_LEVEL", "RECEIVER_DEFAULTS", "JAVA_TOOL_OPTIONS")) {
            assertThat(helm.tryTemplate("--set", "extraEnv[0].name=" + taken + ",extraEnv[0].value=x")
                            .exitCode())
                    .as(taken)
                    .isNotZero();
        }
    }

    @Test
    void receiverVolumesMayNotTakeTheOperatorsNamesNorMeetTheReceiversOwnPaths() {
        for (String name : OperatorVolumes.NAMES) {
            assertRefused(
                    "/receiver/pod/volumes/0/name",
                    "receiver.pod.volumes[0].name=" + name + ",receiver.pod.volumes[0].emptyDir.medium=Memory");
            assertRefused(
                    "/receiver/pod/volumeMounts/0/name",
                    "receiver.pod.volumeMounts[0].name=" + name + ",receiver.pod.volumeMounts[0].mountPath=/etc/x");
        }
        for (String own : ReceiverImage.OWN_PATHS) {
            List<String> meeting = new ArrayList<>(List.of(own, own + "/below"));
            for (int slash = own.indexOf('/', 1); slash > 0; slash = own.indexOf('/', slash + 1)) {
                meeting.add(own.substring(0, slash));
            }
            for (String path : meeting) {
                assertRefused(
                        "/receiver/pod/volumeMounts/0/mountPath",
                        "receiver.pod.volumeMounts[0].name=ca,receiver.pod.volumeMounts[0].mountPath=" + path);
            }
            assertThat(helm.tryTemplate(
                                    "--set",
                                    "receiver.pod.volumeMounts[0].name=ca,receiver.pod.volumeMounts[0].mountPath=" + own
                                            + "-beside")
                            .exitCode())
                    .as("beside %s", own)
                    .isZero();
        }
        for (String path : List.of("/etc/ca/../stripe/signing", "/etc//stripe/signing", "/etc/ca/", "/")) {
            assertRefused(
                    "/receiver/pod/volumeMounts/0/mountPath",
                    "receiver.pod.volumeMounts[0].name=ca,receiver.pod.volumeMounts[0].mountPath=" + path);
        }
    }

    @Test
    void theOperatorsVolumesMayNotHideItsTmpItsJarOrItsToken() {
        for (String path : List.of(
                "/tmp",
                "/tmp/x",
                "/app",
                "/app/libs",
                "/var/run/secrets/kubernetes.io/serviceaccount",
                "/var/run/secrets/kubernetes.io",
                "/var/run/secrets",
                "/var/run",
                "/var")) {
            assertRefused(
                    "/extraVolumeMounts/0/mountPath",
                    "extraVolumeMounts[0].name=ca,extraVolumeMounts[0].mountPath=" + path);
        }
        assertRefused("/extraVolumes/0/name", "extraVolumes[0].name=tmp,extraVolumes[0].emptyDir.medium=Memory");
        assertThat(helm.tryTemplate(
                                "--set",
                                "extraVolumes[0].name=ca,extraVolumes[0].configMap.name=ca",
                                "--set",
                                "extraVolumeMounts[0].name=ca,extraVolumeMounts[0].mountPath=/var/run/secrets/ca")
                        .exitCode())
                .isZero();
    }

    private static void assertRefused(String named, String assignment) {
        CommandResult result = helm.tryTemplate("--set", assignment);
        assertThat(result.exitCode()).as("%s should be refused", assignment).isNotZero();
        assertThat(result.stderr()).as(assignment).contains(named);
    }

    @Test
    void noCpuLimitUnlessOneIsAskedFor() {
        assertThat(helm.template().operatorEnv()).doesNotContainKey("RECEIVER_CPU_LIMIT");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> map, String... keys) {
        Map<String, Object> current = map;
        for (String key : keys) {
            current = (Map<String, Object>) current.get(key);
        }
        return current;
    }

    @Test
    void anExistingServiceAccountIsUsedWhenTheChartDoesNotCreateOne() {
        Manifests manifests =
                helm.template("--set", "serviceAccount.create=false", "--set", "serviceAccount.name=ops-bot");

        assertThat(manifests.kinds()).doesNotContain("ServiceAccount");
        assertThat(manifests
                        .only(Deployment.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getServiceAccountName())
                .isEqualTo("ops-bot");
    }
}
