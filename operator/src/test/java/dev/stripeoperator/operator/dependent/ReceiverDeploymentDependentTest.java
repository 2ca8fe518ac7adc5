package dev.stripeoperator.operator.dependent;

import java.time.Instant;

import dev.stripeoperator.operator.Fixtures;
import dev.stripeoperator.operator.Specs;
import dev.stripeoperator.operator.endpoint.Autoscaling;
import dev.stripeoperator.operator.endpoint.DatabaseSpec;
import dev.stripeoperator.operator.endpoint.FullEventFetch;
import dev.stripeoperator.operator.endpoint.ReceiverSpec;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.SigningSecret;
import dev.stripeoperator.operator.endpoint.Sink;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiver Deployment, as an endpoint's spec and the reconcile's inputs make it. */
class ReceiverDeploymentDependentTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final SecretKeyRef TOKEN = new SecretKeyRef("billing-app-token", "token");

    @Test
    void aSinkStoredBeforeTheCrdRefusedItsTokenInClearGetsNothingForwarded() {
        assertThat(ReceiverDeploymentDependent.forwardedSink(
                        endpoint(new Sink("http://billing.example.com/stripe-events", null, TOKEN))))
                .isNull();
    }

    @Test
    void aSinkTheCrdTakesIsForwardedTo() {
        Sink inCluster = new Sink("http://billing-app.payments.svc/stripe-events", null, TOKEN);
        Sink overTls = new Sink("https://billing.example.com/stripe-events", null, TOKEN);
        Sink withoutToken = new Sink("http://billing.example.com/stripe-events");

        assertThat(ReceiverDeploymentDependent.forwardedSink(endpoint(inCluster)))
                .isEqualTo(inCluster);
        assertThat(ReceiverDeploymentDependent.forwardedSink(endpoint(overTls))).isEqualTo(overTls);
        assertThat(ReceiverDeploymentDependent.forwardedSink(endpoint(withoutToken)))
                .isEqualTo(withoutToken);
        assertThat(ReceiverDeploymentDependent.forwardedSink(endpoint(null))).isNull();
    }

    @Test
    void theReceiverRunsTheSpecsReplicasAndRollsOnANewDatabaseSecretWithoutDroppingBelowThem() {
        // given
        StripeWebhookEndpoint endpoint = Fixtures.endpoint("payments", "billing");

        // when
        Deployment deployment = ReceiverDeploymentDependent.desired(endpoint, Fixtures.inputs("billing", NOW));

        // then
        BillingChildren.assertChild(deployment, "billing-stripe-receiver", "receiver");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(BillingChildren.RECEIVER_PODS);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable())
                .isEqualTo(new IntOrString(0));
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge())
                .isEqualTo(new IntOrString(1));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(BillingChildren.labels("receiver"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(
                        "webhooks.stripe-operator.dev/database-secret-version", Fixtures.DATABASE_SECRET_VERSION);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(45L);
        assertThat(pod.getVolumes()).anySatisfy(volume -> {
            assertThat(volume.getName()).isEqualTo("signing-secrets");
            assertThat(volume.getSecret().getSecretName()).isEqualTo("billing-signing");
            assertThat(volume.getSecret().getDefaultMode()).isEqualTo(0440);
        });
        Container receiver = pod.getContainers().getFirst();
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(receiver.getName()).isEqualTo("receiver");
        assertThat(receiver.getArgs()).containsExactly("serve");
        assertThat(receiver.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
        assertThat(receiver.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/observe/health/ready");
        assertThat(receiver.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/observe/health/live");
        assertThat(receiver.getLivenessProbe().getTimeoutSeconds()).isEqualTo(3);
        assertThat(receiver.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
        assertThat(receiver.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getName()).isEqualTo("signing-secrets");
            assertThat(mount.getMountPath()).isEqualTo("/etc/stripe/signing");
            assertThat(mount.getReadOnly()).isTrue();
        });
        assertThat(EnvValues.of(receiver.getEnv()))
                .containsEntry("PORT", "8080")
                .containsEntry("WEBHOOK_PATH", "/webhooks/stripe")
                .containsEntry("SIGNING_SECRETS_DIR", "/etc/stripe/signing")
                .containsEntry("SINK_URL", "http://billing-app.payments.svc/internal/stripe-events")
                .containsEntry("FORWARDING_SIGNING_KEYS_DIR", "/etc/stripe/forwarding");
    }

    @Test
    void anAutoscaledReceiverLeavesItsReplicasToTheAutoscaler() {
        // given
        StripeWebhookEndpoint endpoint = Fixtures.billing(spec -> Specs.withReceiver(
                spec, new ReceiverSpec(3, null, null, null, null, new Autoscaling(2, 8, null), null, null)));

        // when
        Deployment deployment = ReceiverDeploymentDependent.desired(endpoint, Fixtures.inputs("billing", NOW));

        // then
        assertThat(deployment.getSpec().getReplicas()).isNull();
    }

    @Test
    void aSinkWithATokenAndFullEventsMountsEachSecretTheReceiverReads() {
        // given
        SecretKeyRef fullEventsKey = new SecretKeyRef("stripe-v2-key", "key");
        StripeWebhookEndpoint endpoint = Fixtures.billing(spec -> Specs.withSink(
                spec,
                new Sink("https://billing.example.com/stripe-events", null, TOKEN, new FullEventFetch(fullEventsKey))));

        // when
        PodSpec pod = ReceiverDeploymentDependent.desired(endpoint, Fixtures.inputs("billing", NOW))
                .getSpec()
                .getTemplate()
                .getSpec();

        // then
        assertThat(pod.getVolumes())
                .extracting(Volume::getName)
                .containsExactly("signing-secrets", "forwarding-keys", "sink-token", "stripe-api-key", "tmp");
        assertThat(pod.getVolumes().get(1).getSecret().getSecretName()).isEqualTo("billing-forwarding");
        assertThat(pod.getVolumes().get(2).getSecret().getSecretName()).isEqualTo("billing-app-token");
        assertThat(pod.getVolumes().get(3).getSecret().getSecretName()).isEqualTo("stripe-v2-key");
        Container receiver = pod.getContainers().getFirst();
        assertThat(receiver.getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .containsExactly(
                        "/etc/stripe/signing", "/etc/stripe/forwarding", "/etc/stripe/sink", "/etc/stripe/api", "/tmp");
        assertThat(EnvValues.of(receiver.getEnv()))
                .containsEntry("SINK_URL", "https://billing.example.com/stripe-events")
                .containsEntry("SINK_BEARER_TOKEN_FILE", "/etc/stripe/sink/token")
                .containsEntry("FORWARDING_FETCH_FULL_EVENT", "true")
                .containsEntry("STRIPE_API_KEY_FILE", "/etc/stripe/api/key");
    }

    @Test
    void withoutASinkNothingIsForwardedOrMountedForIt() {
        // given
        StripeWebhookEndpoint endpoint = Fixtures.billing(spec -> Specs.withSink(spec, null));

        // when
        PodSpec pod = ReceiverDeploymentDependent.desired(endpoint, Fixtures.inputs("billing", NOW))
                .getSpec()
                .getTemplate()
                .getSpec();

        // then
        assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("signing-secrets", "tmp");
        assertThat(EnvValues.of(pod.getContainers().getFirst().getEnv()))
                .doesNotContainKeys("SINK_URL", "FORWARDING_SIGNING_KEYS_DIR", "SINK_BEARER_TOKEN_FILE");
    }

    private static StripeWebhookEndpoint endpoint(Sink sink) {
        StripeWebhookEndpoint endpoint = new StripeWebhookEndpoint();
        endpoint.setMetadata(new ObjectMetaBuilder()
                .withNamespace("payments")
                .withName("billing")
                .build());
        endpoint.setSpec(new StripeWebhookEndpointSpec(
                new SigningSecret(new SecretKeyRef("billing-whsec", "whsec"), "24h"),
                null,
                null,
                new DatabaseSpec(new SecretKeyRef("stripe-events-db", "jdbc-url")),
                sink,
                null,
                null,
                null));
        return endpoint;
    }
}
