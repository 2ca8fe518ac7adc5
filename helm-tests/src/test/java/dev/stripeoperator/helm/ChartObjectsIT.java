package dev.stripeoperator.helm;

import java.util.List;
import java.util.Map;

import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.config.ReceiverDefaults;
import dev.stripeoperator.operator.endpoint.ForwardingSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What the chart installs, per mode, and how the operator Deployment is configured from the values. */
class ChartObjectsIT {

    private static Helm helm;

    @BeforeAll
    static void helm() {
        helm = new Helm(Repository.current());
    }

    @Test
    void defaultsInstallTheOperatorWithClusterWideRbacAndAMetricsService() {
        Manifests manifests = ValueSet.DEFAULTS.render(helm);

        assertThat(manifests.kinds())
                .as("the operator's, the identity's and the two aggregated into the stock roles")
                .containsExactly(
                        "ClusterRole",
                        "ClusterRole",
                        "ClusterRole",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "ClusterRoleBinding",
                        "Deployment",
                        "Service",
                        "ServiceAccount");
        assertThat(manifests.objects())
                .allSatisfy(object -> assertThat(object.getMetadata().getLabels())
                        .containsEntry("app.kubernetes.io/name", "stripe-webhook-operator")
                        .containsEntry("app.kubernetes.io/instance", Helm.RELEASE)
                        .containsEntry("app.kubernetes.io/managed-by", "Helm"));
    }

    @Test
    void namespacedModeInstallsRolesInsteadOfClusterRoles() {
        Manifests manifests = ValueSet.NAMESPACED.render(helm);

        assertThat(manifests.kinds())
                .as("cluster-wide only the identity's role and the two aggregated into the stock roles")
                .containsExactly(
                        "ClusterRole",
                        "ClusterRole",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Deployment",
                        "Role",
                        "Role",
                        "RoleBinding",
                        "RoleBinding",
                        "Service",
                        "ServiceAccount");
        assertThat(manifests.operatorEnv()).containsEntry("WATCH_NAMESPACES", "payments,shop");
    }

    @Test
    void highAvailabilityAddsTheLeaseRoleABudgetAndMonitoring() {
        Manifests manifests = ValueSet.HIGH_AVAILABILITY.render(helm);

        assertThat(manifests.kinds())
                .containsExactly(
                        "ClusterRole",
                        "ClusterRole",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "ConfigMap",
                        "Deployment",
                        "PodDisruptionBudget",
                        "PodMonitor",
                        "PrometheusRule",
                        "Role",
                        "RoleBinding",
                        "Service",
                        "ServiceAccount",
                        "ServiceMonitor");
        Service service = manifests.only(Service.class);
        GenericKubernetesResource monitor = manifests.all(GenericKubernetesResource.class).stream()
                .filter(object -> object.getKind().equals("ServiceMonitor"))
                .findFirst()
                .orElseThrow();
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        assertThat(monitor.<Map<String, String>>get("spec", "selector", "matchLabels"))
                .isEqualTo(service.getSpec().getSelector());
        assertThat(monitor.<List<Map<String, Object>>>get("spec", "endpoints"))
                .singleElement()
                .satisfies(endpoint -> assertThat(endpoint)
                        .containsEntry("port", "metrics")
                        .containsEntry("path", "/metrics")
                        .containsEntry("interval", "15s"));
        Deployment deployment = manifests.only(Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    }

    @Test
    void operatorGetsEverySettingAsAnEnvironmentValue() {
        Container operator = ValueSet.DEFAULTS.render(helm).operatorContainer();

        Map<String, String> env = Manifests.env(operator);

        assertThat(operator.getImage()).isEqualTo("ghcr.io/stripe-webhook-operator/operator:" + appVersion());
        assertThat(env)
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                        Map.entry("WATCH_NAMESPACES", ""),
                        Map.entry("RECEIVER_IMAGE", "ghcr.io/stripe-webhook-operator/receiver:" + appVersion()),
                        Map.entry("RECEIVER_IMAGE_PULL_POLICY", "IfNotPresent"),
                        Map.entry("RECEIVER_CPU_REQUEST", "100m"),
                        Map.entry("RECEIVER_MEMORY_REQUEST", "256Mi"),
                        Map.entry("RECEIVER_MEMORY_LIMIT", "512Mi"),
                        Map.entry("RECEIVER_DEFAULTS", "{\"forwarding\":{},\"pod\":{}}"),
                        Map.entry("OPERATOR_LEADER_ELECTION", "false"),
                        Map.entry("OPERATOR_NAMESPACE", "fieldRef:metadata.namespace"),
                        Map.entry("OPERATOR_LEASE_NAME", "swo-stripe-webhook-operator-leader"),
                        Map.entry("OPERATOR_HEALTH_PORT", "8081"),
                        Map.entry("OPERATOR_RECONCILE_THREADS", "10"),
                        Map.entry("LOG_LEVEL", "INFO"),
                        Map.entry("LOG_FORMAT", "text"),
                        Map.entry("STRIPE_API_BASE", "https://api.stripe.com"),
                        Map.entry(
                                "JAVA_TOOL_OPTIONS",
                                "-XX:+UseSerialGC -XX:MaxRAMPercentage=50.0 -XX:TieredStopAtLevel=1"
                                        + " -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m"
                                        + " -XX:+ExitOnOutOfMemoryError")));
    }

    @Test
    void receiverDefaultsFollowTheValues() {
        Map<String, String> env = ValueSet.HIGH_AVAILABILITY.render(helm).operatorEnv();

        assertThat(env)
                .containsEntry("STRIPE_API_BASE", "https://stripe-proxy.example.com")
                .containsEntry("STRIPE_API_VERSION", "2025-08-27.basil")
                .containsEntry("OPERATOR_CLUSTER_NAME", "prod-eu");
        assertThat(env)
                .containsEntry("RECEIVER_IMAGE", "registry.example.com/stripe/receiver:1.2.3")
                .containsEntry("RECEIVER_IMAGE_PULL_POLICY", "Always")
                .containsEntry("RECEIVER_CPU_REQUEST", "250m")
                .containsEntry("RECEIVER_MEMORY_REQUEST", "384Mi")
                .containsEntry("RECEIVER_CPU_LIMIT", "2")
                .containsEntry("RECEIVER_MEMORY_LIMIT", "1Gi")
                .containsEntry("OPERATOR_LEADER_ELECTION", "true")
                .containsEntry("LOG_LEVEL", "DEBUG");
    }

    @Test
    void thePodForwardingAndRetentionDefaultsReachTheOperatorAsItReadsThem() {
        ReceiverDefaults defaults = receiverDefaults(ValueSet.HIGH_AVAILABILITY);

        assertThat(defaults.pod().imagePullSecrets())
                .extracting(LocalObjectReference::getName)
                .containsExactly("regcred");
        assertThat(defaults.pod().nodeSelector()).containsExactly(Map.entry("pool", "webhooks"));
        assertThat(defaults.pod().tolerations()).extracting(Toleration::getKey).containsExactly("dedicated");
        assertThat(defaults.pod().topologySpreadConstraints())
                .extracting(TopologySpreadConstraint::getTopologyKey)
                .containsExactly("topology.kubernetes.io/zone");
        assertThat(defaults.pod().priorityClassName()).isEqualTo("payments-high");
        assertThat(defaults.pod().labels()).containsExactly(Map.entry("team", "payments"));
        assertThat(defaults.pod().annotations()).as("left empty in the values").isNull();
        assertThat(defaults.pod().affinity()).as("left empty in the values").isNull();
        assertThat(defaults.pod().env()).extracting(EnvVar::getName).containsExactly("JAVA_TOOL_OPTIONS");
        assertThat(defaults.forwarding()).isEqualTo(new ForwardingSpec(20, "30s", null, null));
        assertThat(defaults.retention()).isEqualTo("30d");
    }

    @Test
    void probesUseTheHealthServerAndTheMetricsServiceTargetsIt() {
        Manifests manifests = helm.template("--set", "healthPort=9090");
        Container operator = manifests.operatorContainer();

        assertThat(operator.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("health");
            assertThat(port.getContainerPort()).isEqualTo(9090);
        });
        assertThat(Manifests.env(operator)).containsEntry("OPERATOR_HEALTH_PORT", "9090");
        assertThat(List.of(operator.getStartupProbe(), operator.getLivenessProbe()))
                .extracting(ChartObjectsIT::path)
                .containsOnly("/healthz");
        assertThat(path(operator.getReadinessProbe())).isEqualTo("/readyz");
        assertThat(List.of(operator.getStartupProbe(), operator.getLivenessProbe(), operator.getReadinessProbe()))
                .allSatisfy(probe ->
                        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("health"));
        Service metrics = manifests.only(Service.class);
        assertThat(metrics.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("metrics");
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("health");
        });
        assertThat(manifests
                        .only(Deployment.class)
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels())
                .containsAllEntriesOf(metrics.getSpec().getSelector());
    }

    @Test
    void onlyTheOperatorPodMountsAServiceAccountToken() {
        Manifests manifests = ValueSet.DEFAULTS.render(helm);

        assertThat(manifests.only(ServiceAccount.class).getAutomountServiceAccountToken())
                .isFalse();
        Deployment deployment = manifests.only(Deployment.class);
        assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .isTrue();
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(manifests.only(ServiceAccount.class).getMetadata().getName());
    }

    @Test
    void withoutLeaderElectionUpgradesNeverRunTwoOperatorsAtOnce() {
        Deployment deployment = ValueSet.DEFAULTS.render(helm).only(Deployment.class);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    }

    @Test
    void schedulingAndPodMetadataComeFromTheValues() {
        Deployment deployment = helm.template(
                        "--set", "nodeSelector.pool=system",
                        "--set", "tolerations[0].key=dedicated,tolerations[0].operator=Exists",
                        "--set", "podAnnotations.team=payments",
                        "--set", "priorityClassName=system-cluster-critical",
                        "--set", "imagePullSecrets[0].name=regcred")
                .only(Deployment.class);

        var pod = deployment.getSpec().getTemplate();
        assertThat(pod.getSpec().getNodeSelector()).containsExactly(Map.entry("pool", "system"));
        assertThat(pod.getSpec().getTolerations())
                .singleElement()
                .satisfies(toleration -> assertThat(toleration.getKey()).isEqualTo("dedicated"));
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("team", "payments");
        assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("system-cluster-critical");
        assertThat(pod.getSpec().getImagePullSecrets())
                .singleElement()
                .satisfies(secret -> assertThat(secret.getName()).isEqualTo("regcred"));
    }

    @Test
    void imagesArePulledByDigestWhenOneIsGiven() {
        String digest = "sha256:" + "0123456789abcdef".repeat(4);
        Container operator = helm.template(
                        "--set",
                        "image.digest=" + digest,
                        "--set",
                        "image.tag=ignored",
                        "--set",
                        "receiver.image.digest=" + digest)
                .operatorContainer();

        assertThat(operator.getImage()).isEqualTo("ghcr.io/stripe-webhook-operator/operator@" + digest);
        assertThat(Manifests.env(operator))
                .containsEntry("RECEIVER_IMAGE", "ghcr.io/stripe-webhook-operator/receiver@" + digest);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "mirror.example.com/ghcr, ghcr.io/stripe-webhook-operator/operator, mirror.example.com/ghcr/stripe-webhook-operator/operator",
        "localhost:5000, ghcr.io/stripe-webhook-operator/operator, localhost:5000/stripe-webhook-operator/operator",
        "registry.internal, localhost/stripe/operator, registry.internal/stripe/operator",
        "registry.internal, registry.example.com:8443/stripe/operator, registry.internal/stripe/operator",
        "registry.internal/mirror, stripe/operator, registry.internal/mirror/stripe/operator",
        "registry.internal, operator, registry.internal/operator"
    })
    void aRegistryReplacesTheRegistryOfBothImagesByTagAndByDigest(String registry, String repository, String expected) {
        String digest = "sha256:" + "0123456789abcdef".repeat(4);
        String receiverRepository = receiver(repository);
        String receiverExpected = receiver(expected);

        Container tagged = helm.template(
                        "--set", "image.registry=" + registry,
                        "--set", "image.repository=" + repository,
                        "--set", "receiver.image.repository=" + receiverRepository)
                .operatorContainer();
        Container pinned = helm.template(
                        "--set", "image.registry=" + registry,
                        "--set", "image.repository=" + repository,
                        "--set", "image.digest=" + digest,
                        "--set", "receiver.image.repository=" + receiverRepository,
                        "--set", "receiver.image.tag=7.7.7",
                        "--set", "receiver.image.digest=" + digest)
                .operatorContainer();

        assertThat(tagged.getImage()).isEqualTo(expected + ":" + appVersion());
        assertThat(Manifests.env(tagged)).containsEntry("RECEIVER_IMAGE", receiverExpected + ":" + appVersion());
        assertThat(pinned.getImage()).isEqualTo(expected + "@" + digest);
        assertThat(Manifests.env(pinned)).containsEntry("RECEIVER_IMAGE", receiverExpected + "@" + digest);
    }

    @Test
    void theEnterpriseValuesReachTheOperatorPod() {
        PodSpec pod = ValueSet.ENTERPRISE.render(helm).operatorPod();
        Container operator = pod.getContainers().getFirst();

        assertThat(operator.getImage())
                .isEqualTo("mirror.example.com/ghcr/stripe-webhook-operator/operator@sha256:"
                        + "0123456789abcdef".repeat(4));
        assertThat(Manifests.env(operator))
                .containsEntry(
                        "RECEIVER_IMAGE",
                        "mirror.example.com/ghcr/stripe-webhook-operator/receiver@sha256:"
                                + "fedcba9876543210".repeat(4))
                .containsEntry("LOG_FORMAT", "json")
                .containsEntry("KUBERNETES_REQUEST_TIMEOUT", "20000")
                .containsEntry(
                        "JAVA_TOOL_OPTIONS",
                        "-XX:+UseSerialGC -XX:MaxRAMPercentage=50.0 -XX:TieredStopAtLevel=1"
                                + " -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m -XX:+ExitOnOutOfMemoryError"
                                + " -Djavax.net.ssl.trustStore=/etc/ssl/corporate/bundle.p12"
                                + " -Djavax.net.ssl.trustStoreType=PKCS12");
        assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("tmp", "corporate-ca");
        assertThat(pod.getVolumes().get(1).getConfigMap().getName()).isEqualTo("corporate-ca");
        assertThat(operator.getVolumeMounts())
                .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getReadOnly)
                .containsExactly(tuple("tmp", "/tmp", null), tuple("corporate-ca", "/etc/ssl/corporate", true));
    }

    @Test
    void theReceiverPodsAccountVolumesAndMountsReachTheOperatorAsItReadsThem() {
        ReceiverDefaults defaults = receiverDefaults(ValueSet.ENTERPRISE);

        assertThat(defaults.pod().serviceAccountName()).isEqualTo("stripe-receivers");
        assertThat(defaults.pod().volumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getName()).isEqualTo("corporate-ca");
            assertThat(volume.getConfigMap().getName()).isEqualTo("corporate-ca");
        });
        assertThat(defaults.pod().volumeMounts())
                .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getReadOnly)
                .containsExactly(tuple("corporate-ca", "/etc/ssl/corporate", true));
        assertThat(ValueSet.DEFAULTS.render(helm).operatorEnv().get("RECEIVER_DEFAULTS"))
                .as("left empty, nothing reaches the operator")
                .isEqualTo("{\"forwarding\":{},\"pod\":{}}");
    }

    @Test
    void crdIsInstalledFromTheChartsCrdsDirectory() {
        Manifests manifests = helm.template("--include-crds");

        assertThat(manifests.all(CustomResourceDefinition.class))
                .extracting(crd -> crd.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "stripewebhookendpoints.webhooks.stripe-operator.dev",
                        "stripewebhookreplays.webhooks.stripe-operator.dev");
        assertThat(ValueSet.DEFAULTS.render(helm).all(CustomResourceDefinition.class))
                .as("helm installs crds/ itself; templates never carry the CRD")
                .isEmpty();
    }

    /** RECEIVER_DEFAULTS as the chart renders it with these values and the operator reads it. */
    private static ReceiverDefaults receiverDefaults(ValueSet values) {
        return OperatorConfig.fromEnvironment(
                        Map.of(
                                "RECEIVER_DEFAULTS",
                                values.render(helm).operatorEnv().get("RECEIVER_DEFAULTS")),
                        "test")
                .receiverDefaults();
    }

    /** The same reference with the last path component {@code receiver}, as the receiver image sits beside the operator's. */
    private static String receiver(String operatorRepository) {
        return operatorRepository.substring(0, operatorRepository.lastIndexOf('/') + 1) + "receiver";
    }

    private static String appVersion() {
        return ChartMetadata.appVersion(Repository.current());
    }

    private static String path(Probe probe) {
        return probe.getHttpGet().getPath();
    }
}
