package dev.stripeoperator.operator.dependent;

import java.util.List;
import java.util.Map;

import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.endpoint.DatabaseSpec;
import dev.stripeoperator.operator.endpoint.ForwardingSpec;
import dev.stripeoperator.operator.endpoint.ReceiverPod;
import dev.stripeoperator.operator.endpoint.ReceiverSpec;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The endpoint's pod and forwarding settings over the operator's defaults, and how they land on a pod template. */
class PodSettingsTest {

    private static final String DEFAULTS = """
            {"pod": {"imagePullSecrets": [{"name": "default-regcred"}],
                     "nodeSelector": {"pool": "webhooks", "zone": "a"},
                     "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "webhooks", "effect": "NoSchedule"}],
                     "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                                                    "whenUnsatisfiable": "ScheduleAnyway"}],
                     "priorityClassName": "default-prio",
                     "labels": {"team": "platform", "cost-center": "42"},
                     "annotations": {"a": "default"},
                     "env": [{"name": "HTTPS_PROXY", "value": "http://default:3128"}, {"name": "TZ", "value": "UTC"}]},
             "forwarding": {"maxAttempts": 20, "concurrency": 4}}
            """;

    private static OperatorConfig config(String defaults) {
        return OperatorConfig.fromEnvironment(
                defaults == null ? Map.of() : Map.of("RECEIVER_DEFAULTS", defaults), "test");
    }

    private static StripeWebhookEndpoint endpoint(ReceiverPod pod, ForwardingSpec forwarding) {
        return endpoint(pod, forwarding, null);
    }

    private static StripeWebhookEndpoint endpoint(ReceiverPod pod, ForwardingSpec forwarding, String retention) {
        StripeWebhookEndpoint endpoint = new StripeWebhookEndpoint();
        endpoint.setMetadata(new ObjectMetaBuilder()
                .withNamespace("payments")
                .withName("billing")
                .build());
        endpoint.setSpec(new StripeWebhookEndpointSpec(
                null,
                null,
                null,
                null,
                null,
                null,
                new ReceiverSpec(null, null, null, null, null, null, pod, forwarding),
                null,
                null,
                retention));
        return endpoint;
    }

    /** Pod settings with only an account, volumes and their mounts. */
    private static ReceiverPod identity(String account, List<Volume> volumes, List<VolumeMount> mounts) {
        return new ReceiverPod(null, null, null, null, null, null, null, null, null, account, volumes, mounts);
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    @Test
    void withoutSettingsAnEndpointTakesTheDefaults() {
        ReceiverPod pod = PodSettings.pod(endpoint(null, null), config(DEFAULTS));

        assertThat(pod.imagePullSecrets()).containsExactly(new LocalObjectReference("default-regcred"));
        assertThat(pod.priorityClassName()).isEqualTo("default-prio");
        assertThat(pod.env()).extracting(EnvVar::getName).containsExactly("HTTPS_PROXY", "TZ");
        assertThat(PodSettings.forwardingEnv(endpoint(null, null), config(DEFAULTS)))
                .containsExactly(env("FORWARDING_MAX_ATTEMPTS", "20"), env("FORWARDING_CONCURRENCY", "4"));
    }

    @Test
    void theEndpointsListsReplaceItsMapKeysAndEnvNamesWin() {
        Toleration own = new Toleration("NoExecute", "gpu", "Exists", null, null);
        ReceiverPod pod = PodSettings.pod(
                endpoint(
                        new ReceiverPod(
                                null,
                                Map.of("zone", "b"),
                                List.of(own),
                                null,
                                null,
                                "payments-high",
                                null,
                                Map.of("team", "payments"),
                                List.of(env("HTTPS_PROXY", "http://payments:3128")),
                                null,
                                null,
                                null),
                        new ForwardingSpec(null, "30s", "2h", 16)),
                config(DEFAULTS));

        assertThat(pod.tolerations()).containsExactly(own);
        assertThat(pod.nodeSelector()).containsExactlyInAnyOrderEntriesOf(Map.of("pool", "webhooks", "zone", "b"));
        assertThat(pod.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "payments", "cost-center", "42"));
        assertThat(pod.priorityClassName()).isEqualTo("payments-high");
        assertThat(pod.imagePullSecrets())
                .as("unset: the default")
                .containsExactly(new LocalObjectReference("default-regcred"));
        assertThat(pod.env()).containsExactly(env("HTTPS_PROXY", "http://payments:3128"), env("TZ", "UTC"));
        assertThat(PodSettings.forwardingEnv(
                        endpoint(null, new ForwardingSpec(null, "30s", "2h", 16)), config(DEFAULTS)))
                .containsExactly(
                        env("FORWARDING_MAX_ATTEMPTS", "20"),
                        env("FORWARDING_BACKOFF_BASE", "30s"),
                        env("FORWARDING_BACKOFF_MAX", "2h"),
                        env("FORWARDING_CONCURRENCY", "16"));
    }

    @Test
    void theEndpointsRetentionWinsOverTheDefaultAndReachesTheReceiverInDays() {
        String defaults = "{\"retention\": \"30d\"}";

        assertThat(PodSettings.retentionEnv(endpoint(null, null), config(defaults)))
                .containsExactly(env("RETENTION_DAYS", "30"));
        assertThat(PodSettings.retentionEnv(endpoint(null, null, "400d"), config(defaults)))
                .containsExactly(env("RETENTION_DAYS", "400"));
        assertThat(PodSettings.retentionEnv(endpoint(null, null), config(null)))
                .as("neither: the receiver's own default")
                .isEmpty();
    }

    @Test
    void withNeitherThePodsGetNothingExtra() {
        ReceiverPod pod = PodSettings.pod(endpoint(null, null), config(null));

        assertThat(pod).isEqualTo(ReceiverPod.NONE);
        assertThat(PodSettings.forwardingEnv(endpoint(null, null), config(null)))
                .isEmpty();
    }

    @Test
    void placingKeepsTheOperatorsLabelsAndSpreadsTheEndpointsOwnPods() {
        PodTemplateSpec template = new PodTemplateSpecBuilder()
                .withNewMetadata()
                .addToLabels("app.kubernetes.io/instance", "billing")
                .addToAnnotations("a", "operator")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("receiver")
                .addToEnv(env("PORT", "8080"))
                .endContainer()
                .endSpec()
                .build();
        TopologySpreadConstraint chosen = new TopologySpreadConstraintBuilder()
                .withMaxSkew(2)
                .withTopologyKey("kubernetes.io/hostname")
                .withWhenUnsatisfiable("DoNotSchedule")
                .withNewLabelSelector()
                .addToMatchLabels("x", "y")
                .endLabelSelector()
                .build();
        ReceiverPod pod = PodSettings.pod(
                endpoint(
                        new ReceiverPod(
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                Map.of("app.kubernetes.io/instance", "hijack"),
                                null,
                                null,
                                null,
                                null),
                        null),
                config(DEFAULTS));
        ReceiverPod withOwnSpread =
                new ReceiverPod(null, null, null, null, List.of(chosen), null, null, null, null, null, null, null);

        PodSettings.place(
                template,
                pod,
                Map.of("app.kubernetes.io/instance", "billing", "app.kubernetes.io/component", "receiver"));

        assertThat(template.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/instance", "billing")
                .containsEntry("team", "platform");
        assertThat(template.getMetadata().getAnnotations()).containsEntry("a", "operator");
        assertThat(template.getSpec().getNodeSelector()).containsEntry("pool", "webhooks");
        assertThat(template.getSpec().getTolerations())
                .extracting(Toleration::getKey)
                .containsExactly("dedicated");
        assertThat(template.getSpec().getPriorityClassName()).isEqualTo("default-prio");
        assertThat(template.getSpec().getTopologySpreadConstraints())
                .singleElement()
                .satisfies(c -> assertThat(c.getLabelSelector().getMatchLabels())
                        .containsExactlyInAnyOrderEntriesOf(Map.of(
                                "app.kubernetes.io/instance", "billing", "app.kubernetes.io/component", "receiver")));
        assertThat(template.getSpec().getContainers().getFirst().getEnv())
                .extracting(EnvVar::getName)
                .containsExactly("PORT", "HTTPS_PROXY", "TZ");

        PodSettings.place(template, withOwnSpread, Map.of("app.kubernetes.io/instance", "billing"));
        assertThat(template.getSpec().getTopologySpreadConstraints()).containsExactly(chosen);
    }

    @Test
    void volumesMergeByNameMountsByPathAndTheServiceAccountIsTheEndpointsOrTheDefault() {
        OperatorConfig config = config("""
                {"pod": {"serviceAccountName": "receivers",
                         "volumes": [{"name": "ca-bundle", "configMap": {"name": "corporate-ca"}},
                                     {"name": "proxy-ca", "configMap": {"name": "proxy-ca"}}],
                         "volumeMounts": [{"name": "ca-bundle", "mountPath": "/etc/ssl/corporate", "readOnly": true},
                                          {"name": "proxy-ca", "mountPath": "/etc/ssl/proxy", "readOnly": true}]}}
                """);
        Volume ownCa = new VolumeBuilder()
                .withName("ca-bundle")
                .withNewConfigMap()
                .withName("payments-ca")
                .endConfigMap()
                .build();
        Volume token = Fixtures.vaultToken();
        VolumeMount proxyElsewhere = new VolumeMountBuilder()
                .withName("proxy-ca")
                .withMountPath("/etc/ssl/proxy")
                .withSubPath("ca.crt")
                .build();
        VolumeMount tokenMount = new VolumeMountBuilder()
                .withName("vault-token")
                .withMountPath("/var/run/secrets/vault")
                .build();

        ReceiverPod inherited = PodSettings.pod(endpoint(null, null), config);
        ReceiverPod own = PodSettings.pod(
                endpoint(identity("billing-db", List.of(ownCa, token), List.of(proxyElsewhere, tokenMount)), null),
                config);

        assertThat(inherited.serviceAccountName()).isEqualTo("receivers");
        assertThat(inherited.volumes()).extracting(Volume::getName).containsExactly("ca-bundle", "proxy-ca");
        assertThat(own.serviceAccountName()).isEqualTo("billing-db");
        assertThat(own.volumes()).extracting(Volume::getName).containsExactly("ca-bundle", "proxy-ca", "vault-token");
        assertThat(own.volumes().getFirst()).isEqualTo(ownCa);
        assertThat(own.volumeMounts())
                .extracting(VolumeMount::getMountPath)
                .containsExactly("/etc/ssl/corporate", "/etc/ssl/proxy", "/var/run/secrets/vault");
        assertThat(own.volumeMounts().get(1)).isEqualTo(proxyElsewhere);
    }

    @Test
    void placingAddsTheVolumesAfterThePodsOwnAndTheMountsToEveryContainer() {
        PodTemplateSpec template = new PodTemplateSpecBuilder()
                .withNewMetadata()
                .endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .addToVolumes(PodSettings.tmpVolume())
                .addNewContainer()
                .withName("receiver")
                .addToVolumeMounts(PodSettings.tmpMount())
                .endContainer()
                .endSpec()
                .build();
        Volume ca = new VolumeBuilder()
                .withName("ca-bundle")
                .withNewConfigMap()
                .withName("corporate-ca")
                .endConfigMap()
                .build();
        VolumeMount caMount = PodSettings.readOnlyMount("ca-bundle", "/etc/ssl/corporate");

        PodSettings.place(template, identity("receivers", List.of(ca), List.of(caMount)), Map.of());

        assertThat(template.getSpec().getServiceAccountName()).isEqualTo("receivers");
        assertThat(template.getSpec().getAutomountServiceAccountToken())
                .as("a ServiceAccount of the endpoint's still brings no API token")
                .isFalse();
        assertThat(template.getSpec().getVolumes()).extracting(Volume::getName).containsExactly("tmp", "ca-bundle");
        assertThat(template.getSpec().getContainers().getFirst().getVolumeMounts())
                .containsExactly(PodSettings.tmpMount(), caMount);
    }

    @Test
    void theOperatorsLogFormatReachesThePodsOnlyWhenItIsNotTheDefault() {
        StripeWebhookEndpoint endpoint = endpoint(null, null);
        endpoint.setSpec(new StripeWebhookEndpointSpec(
                null, null, null, new DatabaseSpec(new SecretKeyRef("billing-db", "url")), null, null, null, null));

        assertThat(PodSettings.commonEnv(
                        endpoint, OperatorConfig.fromEnvironment(Map.of("LOG_FORMAT", "json"), "test")))
                .contains(env("LOG_FORMAT", "json"));
        assertThat(PodSettings.commonEnv(endpoint, config(null)))
                .extracting(EnvVar::getName)
                .doesNotContain("LOG_FORMAT");
    }
}
