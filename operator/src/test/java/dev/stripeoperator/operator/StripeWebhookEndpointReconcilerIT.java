package dev.stripeoperator.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stripeoperator.contract.Fingerprint;
import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.EndpointConditions;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.stripeoperator.operator.EndpointReads.condition;
import static dev.stripeoperator.operator.EndpointReads.envValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator against the local control plane with server-side apply: children, updates, rotation, missing Secrets,
 * status, and what the cluster's own controllers make of the children (pods admitted as restricted, rollouts).
 */
@ExtendWith(LocalClusterExtension.class)
class StripeWebhookEndpointReconcilerIT {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    private static MutableClock clock;
    private static OperatorEnvironment env;
    private static KubernetesClient client;

    @BeforeAll
    static void startOperator(LocalCluster cluster) {
        clock = new MutableClock(START);
        env = OperatorEnvironment.start(
                cluster, "swe", 12, clock, Map.of("RECEIVER_IMAGE", "registry.example/receiver:1.2.3"), List.of());
        client = env.client;
    }

    @AfterAll
    static void stopOperator() {
        env.close();
    }

    @Test
    void createsEveryChildOwnedAndLabelled() {
        String ns = namespace();
        createWithSecrets(ns, "billing", Fixtures.WHSEC);

        Secret signing = await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.secret(ns, "billing-signing"), s -> s != null);
        assertThat(Fixtures.decode(signing.getData().get("current"))).isEqualTo(Fixtures.WHSEC);
        assertThat(signing.getData()).doesNotContainKeys("previous", "previous-expires-at");

        Deployment deployment = await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.receiverDeployment(ns, "billing"), d -> d != null);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        Container receiver =
                deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(receiver.getImage()).isEqualTo("registry.example/receiver:1.2.3");
        assertThat(receiver.getArgs()).containsExactly("serve");
        assertThat(receiver.getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080))
                .satisfies(p -> assertThat(p.getName()).isEqualTo("http"));
        assertThat(envValues(receiver))
                .containsEntry("PORT", "8080")
                .containsEntry("WEBHOOK_PATH", "/webhooks/stripe")
                .containsEntry("ENDPOINT_NAME", ns + "/billing")
                .containsEntry("SIGNING_SECRETS_DIR", "/etc/stripe/signing")
                .containsEntry("LIVEMODE", "true")
                .containsEntry("ENABLED_EVENTS", "checkout.session.completed,invoice.*")
                .containsEntry("SINK_URL", "http://billing-app.payments.svc/internal/stripe-events");
        EnvVar databaseUrl = envVar(receiver, "DATABASE_URL");
        assertThat(databaseUrl.getValue()).isNull();
        assertThat(databaseUrl.getValueFrom().getSecretKeyRef().getName()).isEqualTo("stripe-events-db");
        assertThat(databaseUrl.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("jdbc-url");
        assertThat(receiver.getVolumeMounts())
                .anySatisfy(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/etc/stripe/signing");
                    assertThat(m.getReadOnly()).isTrue();
                })
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("billing-signing"))
                .anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
        assertThat(receiver.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/observe/health/ready");
        assertThat(receiver.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/observe/health/live");
        assertThat(receiver.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(receiver.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(receiver.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(receiver.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(receiver.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(receiver.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(receiver.getResources().getLimits())
                .as("a CPU limit only when asked for")
                .containsOnlyKeys("memory");
        assertThat(Serialization.asJson(deployment))
                .doesNotContain(Fixtures.WHSEC)
                .doesNotContain(Fixtures.JDBC_URL);

        Service service = await().atMost(Duration.ofSeconds(30)).until(() -> service(ns, "billing"), s -> s != null);
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(8080);
            assertThat(p.getName()).isEqualTo("http");
        });
        assertThat(service.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());

        CronJob cronJob = await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.reconcileCronJob(ns, "billing"), c -> c != null);
        assertThat(cronJob.getSpec().getSchedule()).isEqualTo(Fixtures.SCHEDULE);
        assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(cronJob.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(3);
        assertThat(cronJob.getSpec().getFailedJobsHistoryLimit()).isEqualTo(3);
        var jobPod = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        Container reconcile = jobPod.getContainers().getFirst();
        assertThat(reconcile.getArgs()).containsExactly("reconcile");
        assertThat(envValues(reconcile))
                .containsEntry("RECONCILE_LOOKBACK", "26h")
                .containsEntry("STRIPE_API_KEY_FILE", "/etc/stripe/api/key")
                .containsEntry("ENDPOINT_NAME", ns + "/billing")
                .containsEntry("LIVEMODE", "true")
                .containsEntry("ENABLED_EVENTS", "checkout.session.completed,invoice.*")
                .doesNotContainKey("STRIPE_API_KEY")
                .as("the operator calls Stripe's own API, so the runs need not be told")
                .doesNotContainKey("STRIPE_API_BASE");
        assertThat(envVar(reconcile, "DATABASE_URL")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("stripe-events-db");
        assertThat(jobPod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getSecret().getSecretName()).isEqualTo("stripe-readonly-key");
            assertThat(v.getSecret().getItems()).singleElement().satisfies(i -> {
                assertThat(i.getKey()).isEqualTo("key");
                assertThat(i.getPath()).isEqualTo("key");
            });
        });
        assertThat(reconcile.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();

        StripeWebhookEndpoint current = env.reads.endpoint(ns, "billing");
        for (HasMetadata child : List.of(signing, deployment, service, cronJob)) {
            assertThat(child.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
                assertThat(owner.getKind()).isEqualTo("StripeWebhookEndpoint");
                assertThat(owner.getName()).isEqualTo("billing");
                assertThat(owner.getUid()).isEqualTo(current.getMetadata().getUid());
            });
            assertThat(child.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/instance", "billing")
                    .containsEntry("app.kubernetes.io/managed-by", "stripe-webhook-operator")
                    .containsEntry("app.kubernetes.io/part-of", "stripe-webhook-operator")
                    .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/component");
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var status = env.reads.endpoint(ns, "billing").getStatus();
            assertThat(status).isNotNull();
            assertThat(status.observedGeneration())
                    .isEqualTo(current.getMetadata().getGeneration());
            assertThat(status.url()).isEqualTo("http://billing-stripe-receiver." + ns + ".svc:8080/webhooks/stripe");
            assertThat(condition(status.conditions(), EndpointConditions.SECRETS_READY)
                            .getStatus())
                    .isEqualTo("True");
            assertThat(condition(status.conditions(), EndpointConditions.RECONCILIATION_SCHEDULED)
                            .getStatus())
                    .isEqualTo("True");
            assertThat(status.signingSecrets().current()).isEqualTo(Fingerprint.of(Fixtures.WHSEC));
        });

        // the ReplicaSet controller creates the pods in the restricted namespace, kwok runs them, the endpoint is Ready
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var conditions = env.reads.endpoint(ns, "billing").getStatus().conditions();
            assertThat(condition(conditions, EndpointConditions.RECEIVER_AVAILABLE)
                            .getStatus())
                    .isEqualTo("True");
            assertThat(condition(conditions, EndpointConditions.READY).getStatus())
                    .isEqualTo("True");
            assertThat(conditions).allSatisfy(c -> {
                assertThat(c.getReason()).isNotBlank();
                assertThat(c.getMessage()).isNotBlank();
                assertThat(c.getLastTransitionTime()).isNotBlank();
                assertThat(c.getObservedGeneration())
                        .isEqualTo(current.getMetadata().getGeneration());
            });
        });
        assertThat(pods(ns, "billing")).hasSize(2).allSatisfy(pod -> {
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(pod.getSpec().getSecurityContext().getFsGroup()).isEqualTo(ReceiverImage.USER);
        });
        assertThat(client.v1().events().inNamespace(ns).list().getItems())
                .noneMatch(e -> "FailedCreate".equals(e.getReason()));
    }

    @Test
    void specChangesFlowToTheChildren() {
        String ns = namespace();
        createWithSecrets(ns, "orders", Fixtures.WHSEC);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.reconcileCronJob(ns, "orders") != null
                        && env.reads.receiverDeployment(ns, "orders") != null);
        String templateBefore = Serialization.asJson(
                env.reads.receiverDeployment(ns, "orders").getSpec().getTemplate());

        Fixtures.updateSpec(
                client,
                ns,
                "orders",
                s -> new StripeWebhookEndpointSpec(
                        s.signingSecret(),
                        null,
                        List.of("payment_intent.*"),
                        s.database(),
                        null,
                        new dev.stripeoperator.operator.endpoint.Reconciliation(
                                "0 0 1 2 *", "2h", s.reconciliation().apiKeySecretRef(), null, null, null),
                        new dev.stripeoperator.operator.endpoint.ReceiverSpec(
                                3, "registry.example/receiver:2.0.0", null, 120, null, null, null, null),
                        null));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Deployment deployment = env.reads.receiverDeployment(ns, "orders");
            Container receiver =
                    deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
            assertThat(receiver.getImage()).isEqualTo("registry.example/receiver:2.0.0");
            assertThat(envValues(receiver))
                    .containsEntry("ENABLED_EVENTS", "payment_intent.*")
                    .containsEntry("SIGNATURE_TOLERANCE_SECONDS", "120")
                    .doesNotContainKeys("SINK_URL", "LIVEMODE");
            CronJob cronJob = env.reads.reconcileCronJob(ns, "orders");
            assertThat(cronJob.getSpec().getSchedule()).isEqualTo("0 0 1 2 *");
            assertThat(envValues(cronJob.getSpec()
                            .getJobTemplate()
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .getFirst()))
                    .containsEntry("RECONCILE_LOOKBACK", "2h");
        });
        assertThat(Serialization.asJson(
                        env.reads.receiverDeployment(ns, "orders").getSpec().getTemplate()))
                .isNotEqualTo(templateBefore);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                env.reads.endpoint(ns, "orders").getStatus().observedGeneration())
                        .isEqualTo(
                                env.reads.endpoint(ns, "orders").getMetadata().getGeneration()));
    }

    @Test
    void rotatingTheUserSecretKeepsThePreviousOneUntilItsExpiryWithoutRollingPods() {
        String ns = namespace();
        createWithSecrets(ns, "billing", Fixtures.WHSEC);
        await().atMost(Duration.ofSeconds(30)).until(() -> env.reads.receiverDeployment(ns, "billing") != null);
        PodTemplateSpec templateBefore =
                env.reads.receiverDeployment(ns, "billing").getSpec().getTemplate();
        List<String> podsBefore =
                await().atMost(Duration.ofSeconds(60)).until(() -> podNames(ns, "billing"), p -> p.size() == 2);

        Instant rotatedAt = clock.instant();
        client.resource(Fixtures.secret(ns, "billing-whsec", Map.of("whsec", "whsec_rotated_one")))
                .update();

        Secret signing = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> env.reads.secret(ns, "billing-signing"),
                        s -> s.getData().containsKey("previous"));
        assertThat(Fixtures.decode(signing.getData().get("current"))).isEqualTo("whsec_rotated_one");
        assertThat(Fixtures.decode(signing.getData().get("previous"))).isEqualTo(Fixtures.WHSEC);
        Instant expiresAt = Instant.parse(Fixtures.decode(signing.getData().get("previous-expires-at")));
        assertThat(expiresAt)
                .isBetween(
                        rotatedAt.plus(Duration.ofHours(1)).minusSeconds(1),
                        clock.instant().plus(Duration.ofHours(1)));
        assertThat(env.reads.receiverDeployment(ns, "billing").getSpec().getTemplate())
                .isEqualTo(templateBefore);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var secrets = env.reads.endpoint(ns, "billing").getStatus().signingSecrets();
            assertThat(secrets.current()).isEqualTo(Fingerprint.of("whsec_rotated_one"));
            assertThat(secrets.previous()).isEqualTo(Fingerprint.of(Fixtures.WHSEC));
            assertThat(secrets.previousExpiresAt()).isEqualTo(expiresAt.toString());
        });

        // a second change within the grace keeps only the latest previous
        client.resource(Fixtures.secret(ns, "billing-whsec", Map.of("whsec", "whsec_rotated_two")))
                .update();
        Secret twice = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> env.reads.secret(ns, "billing-signing"),
                        s -> Fixtures.decode(s.getData().get("current")).equals("whsec_rotated_two"));
        assertThat(Fixtures.decode(twice.getData().get("previous"))).isEqualTo("whsec_rotated_one");
        assertThat(twice.getData().values()).noneMatch(v -> Fixtures.decode(v).equals(Fixtures.WHSEC));
        assertThat(env.reads.receiverDeployment(ns, "billing").getSpec().getTemplate())
                .isEqualTo(templateBefore);
        assertThat(podNames(ns, "billing"))
                .as("the same pods run on, none was replaced")
                .isEqualTo(podsBefore);
    }

    @Test
    void thePreviousSecretIsRemovedOnceTheClockPassesItsExpiry() {
        String ns = namespace();
        createWithSecrets(ns, "expiry", Fixtures.WHSEC);
        await().atMost(Duration.ofSeconds(30)).until(() -> env.reads.secret(ns, "expiry-signing") != null);
        client.resource(Fixtures.secret(ns, "expiry-whsec", Map.of("whsec", "whsec_next")))
                .update();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.secret(ns, "expiry-signing").getData().containsKey("previous"));

        // Just before the expiry nothing changes; the reconcile this triggers reschedules itself for the expiry.
        clock.advance(Duration.ofHours(1).minusSeconds(2));
        Secret touched = Fixtures.secret(ns, "expiry-whsec", Map.of("whsec", "whsec_next"));
        touched.getMetadata().setLabels(Map.of("touched", "yes"));
        client.resource(touched).update();
        await().pollDelay(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.secret(ns, "expiry-signing").getData().containsKey("previous"));

        clock.advance(Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Secret signing = env.reads.secret(ns, "expiry-signing");
            assertThat(signing.getData()).containsOnlyKeys("current");
            assertThat(Fixtures.decode(signing.getData().get("current"))).isEqualTo("whsec_next");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var secrets = env.reads.endpoint(ns, "expiry").getStatus().signingSecrets();
            assertThat(secrets.previous()).isNull();
            assertThat(secrets.previousExpiresAt()).isNull();
        });
    }

    @Test
    void aMissingSecretIsReportedByNameAndKeyAndHealsWhenItAppears() {
        String ns = namespace();
        client.resource(Fixtures.secret(ns, "stripe-events-db", Map.of("jdbc-url", Fixtures.JDBC_URL)))
                .create();
        client.resource(Fixtures.secret(ns, "stripe-readonly-key", Map.of("key", Fixtures.API_KEY)))
                .create();
        client.resource(Fixtures.endpoint(ns, "late")).create();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(env.reads.endpoint(ns, "late").getStatus()).isNotNull();
            EndpointCondition secretsReady = condition(
                    env.reads.endpoint(ns, "late").getStatus().conditions(), EndpointConditions.SECRETS_READY);
            assertThat(secretsReady.getStatus()).isEqualTo("False");
            assertThat(secretsReady.getReason()).isEqualTo("SecretNotFound");
            assertThat(secretsReady.getMessage()).contains(ns + "/late-whsec").contains("whsec");
            assertThat(condition(env.reads.endpoint(ns, "late").getStatus().conditions(), EndpointConditions.READY)
                            .getStatus())
                    .isEqualTo("False");
        });
        assertThat(env.reads.receiverDeployment(ns, "late")).isNull();
        assertThat(env.reads.secret(ns, "late-signing")).isNull();

        // a Secret without the key is named too
        client.resource(Fixtures.secret(ns, "late-whsec", Map.of("other", "x"))).create();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            EndpointCondition secretsReady = condition(
                    env.reads.endpoint(ns, "late").getStatus().conditions(), EndpointConditions.SECRETS_READY);
            assertThat(secretsReady.getReason()).isEqualTo("SecretKeyNotFound");
            assertThat(secretsReady.getMessage()).contains(ns + "/late-whsec has no key whsec");
        });

        // and an empty value
        client.resource(Fixtures.secret(ns, "late-whsec", Map.of("whsec", " "))).update();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(condition(
                                        env.reads
                                                .endpoint(ns, "late")
                                                .getStatus()
                                                .conditions(),
                                        EndpointConditions.SECRETS_READY)
                                .getReason())
                        .isEqualTo("SecretKeyEmpty"));

        client.resource(Fixtures.secret(ns, "late-whsec", Map.of("whsec", Fixtures.WHSEC)))
                .update();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(condition(
                                    env.reads.endpoint(ns, "late").getStatus().conditions(),
                                    EndpointConditions.SECRETS_READY)
                            .getStatus())
                    .isEqualTo("True");
            assertThat(env.reads.receiverDeployment(ns, "late")).isNotNull();
            assertThat(Fixtures.decode(
                            env.reads.secret(ns, "late-signing").getData().get("current")))
                    .isEqualTo(Fixtures.WHSEC);
        });
    }

    @Test
    void aDeletedUserSecretKeepsTheReceiverRunningOnTheLastKnownKeys() {
        String ns = namespace();
        createWithSecrets(ns, "kept", Fixtures.WHSEC);
        await().atMost(Duration.ofSeconds(30)).until(() -> env.reads.receiverDeployment(ns, "kept") != null);

        client.resource(Fixtures.secret(ns, "kept-whsec", Map.of())).delete();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(condition(
                                        env.reads
                                                .endpoint(ns, "kept")
                                                .getStatus()
                                                .conditions(),
                                        EndpointConditions.SECRETS_READY)
                                .getReason())
                        .isEqualTo("SecretNotFound"));
        assertThat(env.reads.receiverDeployment(ns, "kept")).isNotNull();
        assertThat(Fixtures.decode(
                        env.reads.secret(ns, "kept-signing").getData().get("current")))
                .isEqualTo(Fixtures.WHSEC);
    }

    @Test
    void aDatabaseSecretChangeRollsThePodsWhoseAnnotationIsTheSecretsVersionNotTheUrls() {
        String ns = namespace();
        createWithSecrets(ns, "db", Fixtures.WHSEC);
        String versionBefore =
                await().atMost(Duration.ofSeconds(30)).until(() -> databaseSecretVersion(ns, "db"), v -> v != null);
        assertThat(versionBefore)
                .isEqualTo(versionOf(env.reads.secret(ns, "stripe-events-db")))
                .doesNotContain("s3cret");
        List<String> podsBefore =
                await().atMost(Duration.ofSeconds(60)).until(() -> podNames(ns, "db"), p -> p.size() == 2);

        Secret changed = client.resource(Fixtures.secret(
                        ns, "stripe-events-db", Map.of("jdbc-url", "jdbc:postgresql://other:5432/stripe")))
                .update();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(databaseSecretVersion(ns, "db"))
                        .isEqualTo(versionOf(changed))
                        .isNotEqualTo(versionBefore));
        // the Deployment controller rolls the pods: new ones replace every old one
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(podNames(ns, "db")).hasSize(2).doesNotContainAnyElementsOf(podsBefore));
    }

    @Test
    void removingReconciliationDeletesTheCronJob() {
        String ns = namespace();
        createWithSecrets(ns, "nocron", Fixtures.WHSEC);
        await().atMost(Duration.ofSeconds(30)).until(() -> env.reads.reconcileCronJob(ns, "nocron") != null);

        Fixtures.updateSpec(
                client,
                ns,
                "nocron",
                s -> new StripeWebhookEndpointSpec(
                        s.signingSecret(),
                        s.livemode(),
                        s.enabledEvents(),
                        s.database(),
                        s.sink(),
                        null,
                        s.receiver(),
                        s.exposure()));

        await().atMost(Duration.ofSeconds(30)).until(() -> env.reads.reconcileCronJob(ns, "nocron") == null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            // The CronJob may go before the first status is written.
            assertThat(env.reads.endpoint(ns, "nocron").getStatus()).isNotNull();
            EndpointCondition scheduled = condition(
                    env.reads.endpoint(ns, "nocron").getStatus().conditions(),
                    EndpointConditions.RECONCILIATION_SCHEDULED);
            assertThat(scheduled.getStatus()).isEqualTo("False");
            assertThat(scheduled.getReason()).isEqualTo("NotConfigured");
        });
        assertThat(env.reads.receiverDeployment(ns, "nocron")).isNotNull();
    }

    @Test
    void endpointsInDifferentNamespacesAreIndependent() {
        String first = namespace();
        String second = namespace();
        createWithSecrets(first, "billing", "whsec_first_namespace_value");
        createWithSecrets(second, "billing", "whsec_second_namespace_value");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> env.reads.secret(first, "billing-signing") != null
                        && env.reads.secret(second, "billing-signing") != null);

        client.resource(Fixtures.secret(first, "billing-whsec", Map.of("whsec", "whsec_first_rotated")))
                .update();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        env.reads.secret(first, "billing-signing").getData().containsKey("previous"));

        Secret other = env.reads.secret(second, "billing-signing");
        assertThat(other.getData()).containsOnlyKeys("current");
        assertThat(Fixtures.decode(other.getData().get("current"))).isEqualTo("whsec_second_namespace_value");
        assertThat(envValues(env.reads
                        .receiverDeployment(second, "billing")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()))
                .containsEntry("ENDPOINT_NAME", second + "/billing");
        assertThat(env.reads
                        .endpoint(second, "billing")
                        .getStatus()
                        .signingSecrets()
                        .previous())
                .isNull();
    }

    @Test
    void theStatusShowsFingerprintsButNeverTheSecrets() {
        String ns = namespace();
        createWithSecrets(ns, "fp", Fixtures.WHSEC);
        await().atMost(Duration.ofSeconds(30)).until(() -> env.reads.secret(ns, "fp-signing") != null);
        client.resource(Fixtures.secret(ns, "fp-whsec", Map.of("whsec", "whsec_second_value_for_fingerprints")))
                .update();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var status = env.reads.endpoint(ns, "fp").getStatus();
            return status != null
                    && status.signingSecrets() != null
                    && status.signingSecrets().previous() != null;
        });

        var status = env.reads.endpoint(ns, "fp").getStatus();
        String json = Serialization.asJson(env.reads.endpoint(ns, "fp"));
        for (String secret :
                List.of(Fixtures.WHSEC, "whsec_second_value_for_fingerprints", Fixtures.JDBC_URL, Fixtures.API_KEY)) {
            assertThat(json).doesNotContain(secret);
            assertThat(status.signingSecrets().current()).isNotEqualTo(secret);
        }
        assertThat(status.signingSecrets().current()).matches("sha256:[0-9a-f]{8}");
        assertThat(status.signingSecrets().previous()).matches("sha256:[0-9a-f]{8}");
    }

    private static StripeWebhookEndpoint createWithSecrets(String ns, String name, String whsec) {
        Fixtures.userSecrets(ns, name, whsec).forEach(s -> client.resource(s).create());
        return client.resource(Fixtures.endpoint(ns, name)).create();
    }

    private static String namespace() {
        return env.namespace();
    }

    /** The running receiver pods of an endpoint, by name. */
    private static List<String> podNames(String ns, String name) {
        return pods(ns, name).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null
                        && "Running".equals(p.getStatus().getPhase()))
                .map(p -> p.getMetadata().getName())
                .sorted()
                .toList();
    }

    private static List<Pod> pods(String ns, String name) {
        return client.pods()
                .inNamespace(ns)
                .withLabel("app.kubernetes.io/instance", name)
                .withLabel("app.kubernetes.io/component", "receiver")
                .list()
                .getItems();
    }

    private static Service service(String ns, String name) {
        return client.services()
                .inNamespace(ns)
                .withName(name + "-stripe-receiver")
                .get();
    }

    /** What the receiver's pod template says of the database Secret: its uid and resourceVersion. */
    private static String versionOf(Secret secret) {
        return secret.getMetadata().getUid() + "/" + secret.getMetadata().getResourceVersion();
    }

    private static String databaseSecretVersion(String ns, String name) {
        Deployment deployment = env.reads.receiverDeployment(ns, name);
        return deployment == null
                ? null
                : deployment
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations()
                        .get(KubernetesApi.DATABASE_SECRET_VERSION_ANNOTATION);
    }

    private static EnvVar envVar(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
