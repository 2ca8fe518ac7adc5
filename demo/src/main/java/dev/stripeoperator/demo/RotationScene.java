package dev.stripeoperator.demo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import dev.stripeoperator.contract.SigningSecretFiles;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import static dev.stripeoperator.demo.DemoFailure.expect;

/** Step 4: a GitOps pipeline rotates the signing secret; the receivers accept both secrets without a restart. */
final class RotationScene {

    private final Narrator narrator;

    RotationScene(Narrator narrator) {
        this.narrator = narrator;
    }

    /** Rotates the signing secret in the user's Secret; deliveries signed with either secret are accepted. */
    void run(
            KubernetesClient client,
            StripeWebhookEndpoint endpoint,
            DemoReceivers receivers,
            StripeDeliveries stripe,
            String oldSecret) {
        String namespace = endpoint.getMetadata().getNamespace();
        var ref = endpoint.getSpec().signingSecret().secretRef();
        String newSecret = "whsec_demo_rotated_" + Long.toHexString(System.nanoTime());
        var deploymentResource =
                client.apps().deployments().inNamespace(namespace).withName(StripeWebhooks.receiverName(endpoint));
        var templateBefore = deploymentResource.get().getSpec().getTemplate();
        client.secrets().inNamespace(namespace).withName(ref.name()).edit(s -> {
            Map<String, String> data = new HashMap<>(s.getData());
            data.put(ref.key(), Base64.getEncoder().encodeToString(newSecret.getBytes(StandardCharsets.UTF_8)));
            s.setData(data);
            return s;
        });
        narrator.out()
                .printf("    Secret %s/%s key %s now holds a new whsec_ value%n", namespace, ref.name(), ref.key());
        String signingName = StripeWebhooks.signingSecretName(endpoint);
        Secret signing = Await.until("the operator to move the old value to `previous` in " + signingName, () -> {
            Secret s = client.secrets()
                    .inNamespace(namespace)
                    .withName(signingName)
                    .get();
            return s != null && s.getData().containsKey(SigningSecretFiles.PREVIOUS) ? s : null;
        });
        narrator.out()
                .printf(
                        "    secret/%s keys: %s, %s=%s%n",
                        signingName,
                        signing.getData().keySet().stream().sorted().toList(),
                        SigningSecretFiles.PREVIOUS_EXPIRES_AT,
                        ReceiverSettings.decode(signing.getData().get(SigningSecretFiles.PREVIOUS_EXPIRES_AT)));
        StripeWebhookEndpointStatus status = Await.until(
                "status.signingSecrets.previous on the endpoint",
                () -> ClusterReads.status(
                        client,
                        namespace,
                        endpoint.getMetadata().getName(),
                        s -> s.signingSecrets() != null && s.signingSecrets().previous() != null));
        narrator.out()
                .printf(
                        "    status.signingSecrets: current=%s previous=%s previousExpiresAt=%s%n",
                        status.signingSecrets().current(),
                        status.signingSecrets().previous(),
                        status.signingSecrets().previousExpiresAt());
        expect(
                deploymentResource.get().getSpec().getTemplate().equals(templateBefore),
                "the rotation should leave the receiver's pod template alone (the receiver reloads the files)");
        narrator.out().println("    the Deployment's pod template is unchanged: no pod restarts");

        // The kubelet refreshes the Secret volume in the pods; the receivers notice the files change.
        receivers.awaitSigningSecret(newSecret, narrator.out());
        accepted(
                stripe,
                "invoice.paid signed with the NEW secret",
                StripeDeliveries.event(
                        "evt_demo_after_rotation_new",
                        "invoice.paid",
                        "{\"id\":\"in_demo2\",\"object\":\"invoice\",\"status\":\"paid\"}"),
                newSecret);
        accepted(
                stripe,
                "invoice.paid signed with the OLD secret (within the grace period)",
                StripeDeliveries.event(
                        "evt_demo_after_rotation_old",
                        "invoice.paid",
                        "{\"id\":\"in_demo3\",\"object\":\"invoice\",\"status\":\"paid\"}"),
                oldSecret);
        accepted(
                stripe,
                "checkout.session.completed with two v1 signatures (Stripe rolling its secret)",
                StripeDeliveries.event(
                        "evt_demo_after_rotation_both",
                        "checkout.session.completed",
                        "{\"id\":\"cs_test_demo2\",\"object\":\"checkout.session\"}"),
                StripeDeliveries.FORGED_SECRET,
                newSecret);
        narrator.saw("rotation: old value kept as previous until "
                + status.signingSecrets().previousExpiresAt()
                + ", deliveries signed with either secret accepted, no restart");
    }

    /** Sends the event signed with these secrets and expects it stored as new. */
    private void accepted(StripeDeliveries stripe, String what, String event, String... secrets) {
        narrator.answer(what, stripe.send(event, Instant.now(), secrets), 200, "\"duplicate\":false");
    }
}
