package dev.stripeoperator.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.ReceiverPod;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What an enterprise cluster asks of the receiver and backfill pods, on a real API server: a ServiceAccount for
 * workload identity (the operator's default or the endpoint's own), extra volumes and mounts (a CA bundle, a projected
 * token for another audience) and the operator's JSON log format reach the Deployment and the CronJob the operator
 * makes and the pods the cluster creates, which still mount no Kubernetes API token; the CRD refuses volumes that
 * would collide with the operator's own; a ServiceAccount that does not exist is named in the endpoint's status.
 */
@ExtendWith(LocalClusterExtension.class)
class ReceiverIdentityIT {

    private static final String DEFAULT_ACCOUNT = "stripe-receivers";
    private static final String CA_PATH = "/etc/ssl/corporate";

    private static OperatorEnvironment env;
    /** Where the endpoints the CRD must refuse are tried; none is ever created. */
    private static String refusals;

    @BeforeAll
    static void startOperator(LocalCluster cluster) {
        env = OperatorEnvironment.start(
                cluster,
                "identity",
                4,
                new MutableClock(Instant.parse("2026-03-01T12:00:00Z")),
                Map.of("LOG_FORMAT", "json", "RECEIVER_DEFAULTS", """
                        {"pod": {"serviceAccountName": "%s",
                                 "volumes": [{"name": "ca-bundle", "configMap": {"name": "corporate-ca"}}],
                                 "volumeMounts": [{"name": "ca-bundle", "mountPath": "%s", "readOnly": true}]}}
                        """.formatted(DEFAULT_ACCOUNT, CA_PATH)),
                List.of());
        refusals = env.namespace();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void theDefaultsAccountVolumesAndLogFormatReachTheReceiverAndBackfillPods() {
        String ns = env.namespace();
        prepare(ns, DEFAULT_ACCOUNT);
        env.client.resource(Fixtures.endpoint(ns, "billing")).create();

        List<Pod> pods = await().atMost(Duration.ofSeconds(90))
                .until(() -> env.reads.receiverPods(ns, "billing"), list -> list.size() == 2);
        PodSpec template = env.reads
                .receiverDeployment(ns, "billing")
                .getSpec()
                .getTemplate()
                .getSpec();
        assertThat(template.getServiceAccountName()).isEqualTo(DEFAULT_ACCOUNT);
        assertThat(template.getAutomountServiceAccountToken()).isFalse();
        assertThat(template.getVolumes())
                .extracting(Volume::getName)
                .containsExactly("signing-secrets", "forwarding-keys", "tmp", "ca-bundle");
        assertCaMountedAndJsonLogged(template.getContainers().getFirst());
        assertThat(pods).allSatisfy(pod -> {
            assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(DEFAULT_ACCOUNT);
            assertThat(pod.getSpec().getVolumes())
                    .as("no Kubernetes API token mounted, the account notwithstanding")
                    .extracting(Volume::getName)
                    .containsExactly("signing-secrets", "forwarding-keys", "tmp", "ca-bundle");
        });

        CronJob cronJob = await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.reconcileCronJob(ns, "billing"), Objects::nonNull);
        PodSpec backfill =
                cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(backfill.getServiceAccountName()).isEqualTo(DEFAULT_ACCOUNT);
        assertThat(backfill.getAutomountServiceAccountToken()).isFalse();
        assertThat(backfill.getVolumes())
                .extracting(Volume::getName)
                .containsExactly("stripe-api-key", "tmp", "ca-bundle");
        assertCaMountedAndJsonLogged(backfill.getContainers().getFirst());
    }

    @Test
    void anEndpointsOwnAccountAndProjectedTokenJoinTheDefaultsVolumes() {
        String ns = env.namespace();
        prepare(ns, "billing-db");
        Volume token = Fixtures.vaultToken();
        VolumeMount tokenMount = new VolumeMountBuilder()
                .withName("vault-token")
                .withMountPath("/var/run/secrets/vault")
                .withReadOnly(true)
                .build();
        env.client
                .resource(Fixtures.endpoint(
                        ns,
                        "billing",
                        Fixtures.withReceiver(
                                Fixtures.spec("billing"),
                                pod("billing-db", List.of(token), List.of(tokenMount)),
                                null)))
                .create();

        List<Pod> pods = await().atMost(Duration.ofSeconds(90))
                .until(() -> env.reads.receiverPods(ns, "billing"), list -> list.size() == 2);
        assertThat(pods).allSatisfy(pod -> {
            assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("billing-db");
            assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getSpec().getVolumes())
                    .extracting(Volume::getName)
                    .containsExactly("signing-secrets", "forwarding-keys", "tmp", "ca-bundle", "vault-token");
            assertThat(pod.getSpec().getContainers().getFirst().getVolumeMounts())
                    .extracting(VolumeMount::getMountPath)
                    .containsSubsequence(CA_PATH, "/var/run/secrets/vault");
        });
        CronJob cronJob = await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.reconcileCronJob(ns, "billing"), Objects::nonNull);
        PodSpec backfill =
                cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(backfill.getServiceAccountName()).isEqualTo("billing-db");
        assertThat(backfill.getContainers().getFirst().getVolumeMounts()).contains(tokenMount);
    }

    @Test
    void aServiceAccountThatDoesNotExistIsNamedInTheStatus() {
        String ns = env.namespace();
        prepare(ns, DEFAULT_ACCOUNT);
        env.client
                .resource(Fixtures.endpoint(
                        ns,
                        "billing",
                        Fixtures.withReceiver(Fixtures.spec("billing"), pod("no-such-account", null, null), null)))
                .create();

        EndpointCondition available = await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> {
                            StripeWebhookEndpoint endpoint = env.reads.endpoint(ns, "billing");
                            return endpoint == null || endpoint.getStatus() == null
                                    ? null
                                    : EndpointReads.condition(
                                            endpoint.getStatus().conditions(), "ReceiverAvailable");
                        },
                        condition -> condition != null && condition.getMessage().contains("no-such-account"));
        assertThat(available.getStatus()).isEqualTo("False");
        assertThat(available.getReason()).isEqualTo("NoReplicasAvailable");
        assertThat(available.getMessage())
                .contains("0 of 2 replicas available", "serviceaccount \"no-such-account\" not found");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tmp:/etc/extra:volumes must not take the names of the operator's own volumes",
                "ca-bundle:/etc/stripe/signing:at, above or below the paths the receiver uses itself",
                "ca-bundle:/etc/stripe:at, above or below the paths the receiver uses itself",
                "ca-bundle:/tmp/ca:at, above or below the paths the receiver uses itself",
                "ca-bundle:/etc/ssl/../stripe/signing:absolute path without empty, '.' or '..' components"
            })
    void theCrdRefusesVolumesThatWouldCollideWithTheOperatorsOwn(String example) {
        String[] parts = example.split(":", 3);
        Volume volume = new VolumeBuilder()
                .withName(parts[0])
                .withNewEmptyDir()
                .endEmptyDir()
                .build();
        VolumeMount mount = new VolumeMountBuilder()
                .withName(parts[0])
                .withMountPath(parts[1])
                .build();
        StripeWebhookEndpoint endpoint = Fixtures.endpoint(
                refusals,
                "collides",
                Fixtures.withReceiver(Fixtures.spec("collides"), pod(null, List.of(volume), List.of(mount)), null));

        assertThatThrownBy(() -> env.client.resource(endpoint).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining(parts[2]);
    }

    @Test
    void theCrdRefusesTwoVolumesOfOneNameAndAnAccountThatIsNoObjectName() {
        Volume ca = new VolumeBuilder()
                .withName("ca-bundle")
                .withNewEmptyDir()
                .endEmptyDir()
                .build();
        StripeWebhookEndpoint twice = Fixtures.endpoint(
                refusals,
                "twice",
                Fixtures.withReceiver(Fixtures.spec("twice"), pod(null, List.of(ca, ca), null), null));
        StripeWebhookEndpoint badAccount = Fixtures.endpoint(
                refusals,
                "account",
                Fixtures.withReceiver(Fixtures.spec("account"), pod("Billing_DB", null, null), null));

        assertThatThrownBy(() -> env.client.resource(twice).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec.receiver.pod.volumes[1]")
                .hasMessageContaining("Duplicate value");
        assertThatThrownBy(() -> env.client.resource(badAccount).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec.receiver.pod.serviceAccountName");
    }

    private static void assertCaMountedAndJsonLogged(Container container) {
        assertThat(container.getVolumeMounts())
                .filteredOn(m -> m.getMountPath().equals(CA_PATH))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getName()).isEqualTo("ca-bundle");
                    assertThat(m.getReadOnly()).isTrue();
                });
        assertThat(container.getEnv()).contains(env("LOG_FORMAT", "json"));
    }

    /** The user Secrets, the ServiceAccount and the CA ConfigMap the endpoint's pods need. */
    private static void prepare(String ns, String account) {
        Fixtures.userSecrets(ns, "billing", Fixtures.WHSEC)
                .forEach(s -> env.client.resource(s).create());
        env.client
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withNamespace(ns)
                        .withName(account)
                        .endMetadata()
                        .withAutomountServiceAccountToken(true)
                        .build())
                .create();
        env.client
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withNamespace(ns)
                        .withName("corporate-ca")
                        .endMetadata()
                        .addToData("ca.crt", "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n")
                        .build())
                .create();
    }

    private static ReceiverPod pod(String account, List<Volume> volumes, List<VolumeMount> mounts) {
        return new ReceiverPod(null, null, null, null, null, null, null, null, null, account, volumes, mounts);
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
