package dev.stripeoperator.operator.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.SigningSecretFiles;
import dev.stripeoperator.operator.Specs;
import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.operator.endpoint.DatabaseSpec;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.Reconciliation;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.SigningSecret;
import dev.stripeoperator.operator.endpoint.StripeManagement;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.operator.exposure.ExposureClaims;
import dev.stripeoperator.operator.inputs.ReconcileInputs;
import dev.stripeoperator.operator.secrets.ReferencedSecrets;
import dev.stripeoperator.operator.secrets.SecretValue;
import dev.stripeoperator.operator.stripe.StripeRegistration;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;

/**
 * An endpoint, what the operator read for it and the children its caches hold, as plain values: the status layer is
 * tested on them in memory, without an API server.
 */
record StatusFixtures(
        StripeWebhookEndpointSpec spec,
        SecretValue signing,
        SecretValue database,
        SecretValue apiKey,
        boolean gatewayApiInstalled,
        ExposureClaims.Conflict conflict,
        Optional<Deployment> deployment,
        Optional<CronJob> cronJob,
        Optional<Ingress> ingress,
        Optional<HTTPRoute> httpRoute,
        Optional<Secret> signingSecret,
        List<Job> jobs) {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final String WHSEC = "whsec_status_test";
    static final String WHSEC_OLD = "whsec_status_test_old";
    static final SecretKeyRef SIGNING_REF = new SecretKeyRef("billing-whsec", "whsec");
    static final SecretKeyRef DATABASE_REF = new SecretKeyRef("stripe-events-db", "jdbc-url");
    static final SecretKeyRef API_KEY_REF = new SecretKeyRef("stripe-readonly-key", "key");

    /** A healthy endpoint without reconciliation or exposure: its receiver runs 2 of 2 replicas. */
    static StatusFixtures healthy() {
        return new StatusFixtures(
                new StripeWebhookEndpointSpec(
                        new SigningSecret(SIGNING_REF, "24h"),
                        null,
                        null,
                        new DatabaseSpec(DATABASE_REF),
                        null,
                        null,
                        null,
                        null),
                SecretValue.found(SIGNING_REF, WHSEC, "uid-signing/1"),
                SecretValue.found(DATABASE_REF, "jdbc:postgresql://db/stripe", "uid-database/1"),
                null,
                true,
                null,
                Optional.of(aDeployment(2, 2)),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(aSigningSecret(WHSEC, null, null)),
                List.of());
    }

    StatusFixtures withSpec(StripeWebhookEndpointSpec changed) {
        return new StatusFixtures(
                changed,
                signing,
                database,
                changed.reconciliation() == null
                        ? null
                        : apiKey != null ? apiKey : SecretValue.found(API_KEY_REF, "rk_test_key", "uid-api-key/1"),
                gatewayApiInstalled,
                conflict,
                deployment,
                cronJob,
                ingress,
                httpRoute,
                signingSecret,
                jobs);
    }

    StatusFixtures withReconciliation(String stripeEndpointId, List<String> enabledEvents) {
        return withSpec(new StripeWebhookEndpointSpec(
                spec.signingSecret(),
                spec.livemode(),
                enabledEvents,
                spec.database(),
                spec.sink(),
                new Reconciliation("17 */6 * * *", null, API_KEY_REF, stripeEndpointId, null, null),
                spec.receiver(),
                spec.exposure()));
    }

    StatusFixtures withExposure(Exposure exposure) {
        return withSpec(Specs.withExposure(spec, exposure));
    }

    StatusFixtures withSecrets(SecretValue changedSigning, SecretValue changedDatabase) {
        return new StatusFixtures(
                spec,
                changedSigning,
                changedDatabase,
                apiKey,
                gatewayApiInstalled,
                conflict,
                deployment,
                cronJob,
                ingress,
                httpRoute,
                signingSecret,
                jobs);
    }

    StatusFixtures withApiKey(SecretValue changed) {
        return new StatusFixtures(
                spec,
                signing,
                database,
                changed,
                gatewayApiInstalled,
                conflict,
                deployment,
                cronJob,
                ingress,
                httpRoute,
                signingSecret,
                jobs);
    }

    StatusFixtures withGatewayApi(boolean installed) {
        return new StatusFixtures(
                spec,
                signing,
                database,
                apiKey,
                installed,
                conflict,
                deployment,
                cronJob,
                ingress,
                httpRoute,
                signingSecret,
                jobs);
    }

    StatusFixtures withConflict(ExposureClaims.Conflict changed) {
        return new StatusFixtures(
                spec,
                signing,
                database,
                apiKey,
                gatewayApiInstalled,
                changed,
                deployment,
                cronJob,
                ingress,
                httpRoute,
                signingSecret,
                jobs);
    }

    /** Only a receiver Deployment of 2 replicas, {@code available} of them available. */
    StatusFixtures withReceiverAvailable(int available) {
        return withChildren(
                Optional.of(aDeployment(2, available)), Optional.empty(), Optional.empty(), Optional.empty());
    }

    StatusFixtures withChildren(
            Optional<Deployment> changedDeployment,
            Optional<CronJob> changedCronJob,
            Optional<Ingress> changedIngress,
            Optional<HTTPRoute> changedRoute) {
        return new StatusFixtures(
                spec,
                signing,
                database,
                apiKey,
                gatewayApiInstalled,
                conflict,
                changedDeployment,
                changedCronJob,
                changedIngress,
                changedRoute,
                signingSecret,
                jobs);
    }

    StatusFixtures withSigningSecret(Optional<Secret> changed) {
        return new StatusFixtures(
                spec,
                signing,
                database,
                apiKey,
                gatewayApiInstalled,
                conflict,
                deployment,
                cronJob,
                ingress,
                httpRoute,
                changed,
                jobs);
    }

    StatusFixtures withJobs(List<Job> changed) {
        return new StatusFixtures(
                spec,
                signing,
                database,
                apiKey,
                gatewayApiInstalled,
                conflict,
                deployment,
                cronJob,
                ingress,
                httpRoute,
                signingSecret,
                changed);
    }

    /** A Job of the endpoint of this component that started at {@code startTime}, ended when {@code ended}. */
    static Job aJob(String name, String component, String startTime, boolean ended) {
        JobBuilder job = new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(KubernetesApi.COMPONENT_LABEL, component)
                .addToLabels(KubernetesApi.REPLAY_LABEL, "after-inc-42")
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .addNewContainer()
                .withName(component)
                .withArgs("discard", "--status", "dead")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus()
                .withStartTime(startTime)
                .endStatus();
        if (ended) {
            job.editStatus()
                    .addNewCondition()
                    .withType("Complete")
                    .withStatus("True")
                    .endCondition()
                    .endStatus();
        }
        return job.build();
    }

    /** The endpoint at this generation showing {@code previous} (null: no status yet). */
    StripeWebhookEndpoint endpoint(long generation, StripeWebhookEndpointStatus previous) {
        StripeWebhookEndpoint endpoint = new StripeWebhookEndpoint();
        endpoint.setMetadata(new ObjectMetaBuilder()
                .withNamespace("payments")
                .withName("billing")
                .withGeneration(generation)
                .build());
        endpoint.setSpec(spec);
        endpoint.setStatus(previous);
        return endpoint;
    }

    /** The status the factory builds at {@code now} for the endpoint showing {@code previous}. */
    StripeWebhookEndpointStatus build(Instant now, StripeWebhookEndpointStatus previous) {
        return EndpointStatusFactory.build(
                endpoint(1, previous),
                new ReconcileInputs(
                        now,
                        OperatorConfig.fromEnvironment(Map.of(), "test"),
                        new ReferencedSecrets(signing, database, apiKey),
                        gatewayApiInstalled,
                        conflict),
                new ObservedChildren(
                        signingSecret, Optional.empty(), deployment, cronJob, ingress, httpRoute, List.of(), jobs));
    }

    /** The status at {@code now} of the endpoint as managed, with what registering it in Stripe gave. */
    StripeWebhookEndpointStatus buildManaged(
            Instant now, StripeWebhookEndpointStatus previous, StripeRegistration registration) {
        StripeWebhookEndpoint endpoint = endpoint(1, previous);
        endpoint.setSpec(Specs.withStripe(
                endpoint.getSpec(), new StripeManagement(new SecretKeyRef("billing-stripe-key", "key"), true, null)));
        return EndpointStatusFactory.build(
                endpoint,
                new ReconcileInputs(
                        now,
                        OperatorConfig.fromEnvironment(Map.of(), "test"),
                        new ReferencedSecrets(signing, database, apiKey),
                        gatewayApiInstalled,
                        conflict,
                        registration),
                new ObservedChildren(
                        signingSecret, Optional.empty(), deployment, cronJob, ingress, httpRoute, List.of(), jobs));
    }

    static Deployment aDeployment(Integer wanted, int available) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName("billing-stripe-receiver")
                .endMetadata()
                .withNewSpec()
                .withReplicas(wanted)
                .endSpec()
                .withNewStatus()
                .withAvailableReplicas(available)
                .endStatus()
                .build();
    }

    static CronJob aCronJob() {
        return new CronJobBuilder()
                .withNewMetadata()
                .withName("billing-stripe-reconcile")
                .endMetadata()
                .build();
    }

    static Ingress anIngress() {
        return new IngressBuilder()
                .withNewMetadata()
                .withName("billing-stripe-receiver")
                .endMetadata()
                .build();
    }

    static HTTPRoute anHttpRoute() {
        return new HTTPRouteBuilder()
                .withNewMetadata()
                .withName("billing-stripe-receiver")
                .endMetadata()
                .build();
    }

    static Secret aSigningSecret(String current, String previous, Instant expiresAt) {
        SecretBuilder secret = new SecretBuilder()
                .withNewMetadata()
                .withName("billing-signing")
                .endMetadata()
                .addToData(SigningSecretFiles.CURRENT, base64(current));
        if (previous != null) {
            secret.addToData(SigningSecretFiles.PREVIOUS, base64(previous))
                    .addToData(
                            SigningSecretFiles.PREVIOUS_EXPIRES_AT, base64(SigningSecretFiles.formatExpiry(expiresAt)));
        }
        return secret.build();
    }

    private static String base64(String plain) {
        return Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
